package dev.nabla.data.catalog;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Published facts about the real Fashion-MNIST, checked on the installed files
 * ({@code apt-get install dataset-fashion-mnist}, or NABLA_DATA_DIR); skipped with a message when absent.
 */
class FashionMnistFactsTest {
    static IdxImageDataset train, test;

    @BeforeAll static void load() {
        LoadOptions opt = LoadOptions.defaults().withDownload(false);
        boolean present = false;
        for (Path root : opt.systemDirs())
            present |= Files.exists(root.resolve("fashion-mnist/train-images-idx3-ubyte.gz"));
        for (Path root : opt.dataDirs())
            present |= Files.exists(root.resolve("train-images-idx3-ubyte.gz")) || Files.exists(root.resolve("fashion-mnist/train-images-idx3-ubyte.gz"));
        assumeTrue(present, "real Fashion-MNIST not installed (apt-get install dataset-fashion-mnist, or set NABLA_DATA_DIR): facts not checked");
        train = FashionMNIST.load(Split.TRAIN, opt);
        test = FashionMNIST.load(Split.TEST, opt);
    }

    @Test void sixThousandPerClassInTrainAndOneThousandInTest() {
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        for (int c : train.labelCounts(10)) assertEquals(6000, c);
        for (int c : test.labelCounts(10)) assertEquals(1000, c);
    }

    @Test void firstTenTrainingLabels() {
        int[] first = new int[10];
        for (int i = 0; i < 10; i++) first[i] = train.label(i);
        assertArrayEquals(new int[]{9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, first);
        assertEquals(9, train.get(0).label());
    }

    @Test void pixelSums() {
        assertEquals(76247, java.util.Arrays.stream(train.pixels(0)).sum());
        assertEquals(3_431_114_169L, train.pixelSum());
    }

    @Test void meanAndStdOfScaledPixels() {
        // Over the float tensors the loader hands out, not the raw bytes, so the pixel/255 path is checked too.
        double sum = 0, sumSq = 0;
        long n = 0;
        for (int i = 0; i < train.size(); i++) {
            float[] px = train.get(i).input().storage().floats();
            for (float v : px) { sum += v; sumSq += (double) v * v; }
            n += px.length;
        }
        double mean = sum / n, std = Math.sqrt(sumSq / n - mean * mean);
        assertEquals(0.2860406, mean, 5e-7);
        assertEquals(0.3530242, std, 5e-7);
    }

    @Test void bundledSubsetIsTheStartOfTheRealFiles() {
        IdxImageDataset subTrain = FashionMNIST.subset(Split.TRAIN), subTest = FashionMNIST.subset(Split.TEST);
        for (int i = 0; i < subTrain.size(); i++) {
            assertEquals(train.label(i), subTrain.label(i), "train label " + i);
            assertArrayEquals(train.pixels(i), subTrain.pixels(i), "train image " + i);
        }
        for (int i = 0; i < subTest.size(); i++) {
            assertEquals(test.label(i), subTest.label(i), "test label " + i);
            assertArrayEquals(test.pixels(i), subTest.pixels(i), "test image " + i);
        }
    }
}
