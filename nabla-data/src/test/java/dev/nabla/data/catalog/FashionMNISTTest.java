package dev.nabla.data.catalog;

import dev.nabla.data.DataFileException;
import dev.nabla.data.Example;
import dev.nabla.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FashionMNISTTest {
    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @Test void bundledSubsetIsTheRealStartOfFashionMnist() {
        IdxImageDataset train = FashionMNIST.subset(Split.TRAIN), test = FashionMNIST.subset(Split.TEST);
        assertEquals(2000, train.size());
        assertEquals(500, test.size());
        int[] first = new int[10];
        for (int i = 0; i < 10; i++) first[i] = train.label(i);
        assertArrayEquals(new int[]{9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, first);
        assertEquals(76247, java.util.Arrays.stream(train.pixels(0)).sum());
        Example e = train.get(0);
        assertArrayEquals(new int[]{1, 28, 28}, e.input().shape());
        assertEquals(DType.FLOAT32, e.input().dtype());
        assertEquals(DType.INT64, e.target().dtype());
        assertEquals(9, e.label());
        assertEquals(76247 / 255.0, e.input().sum().item(), 1e-2);
        for (int c : train.labelCounts(10)) assertTrue(c > 100, "every class is represented");
    }

    @Test void notFoundSaysWhereItLookedAndWhatToDo(@TempDir Path dir) {
        LoadOptions opt = LoadOptions.defaults().withDataDirs(dir.resolve("mine")).withCacheDir(dir.resolve("cache"))
                .withSystemDirs(dir.resolve("usr-share")).withDownload(false);
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMNIST.load(Split.TRAIN, opt, QUIET));
        String m = e.getMessage();
        for (String s : new String[]{dir.resolve("mine").toString(), dir.resolve("mine/fashion-mnist").toString(),
                dir.resolve("cache/fashion-mnist").toString(), dir.resolve("usr-share/fashion-mnist").toString(),
                "train-images-idx3-ubyte.gz", "apt-get install dataset-fashion-mnist", "NABLA_DATA_DIR", "Downloading is off", "subset"})
            assertTrue(m.contains(s), "'" + s + "' missing from:\n" + m);
    }

    @Test void dataDirIsSearchedAndChecksumsEnforced(@TempDir Path dir) throws Exception {
        Path mine = dir.resolve("fashion-mnist");
        Files.createDirectories(mine);
        for (String f : new String[]{"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"})
            try (InputStream in = getClass().getResourceAsStream("/dev/nabla/data/fashion-mnist-subset/" + f)) {
                Files.copy(in, mine.resolve(f));
            }
        LoadOptions opt = LoadOptions.defaults().withDataDirs(dir).withCacheDir(dir.resolve("cache")).withSystemDirs().withDownload(false);
        // The subset is not the full test set, so its checksum must not match the catalog's.
        DataFileException e = assertThrows(DataFileException.class, () -> FashionMNIST.load(Split.TEST, opt, QUIET));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz") && e.getMessage().contains("SHA-256"), e.getMessage());
        assertEquals(500, FashionMNIST.load(Split.TEST, opt.withVerify(false), QUIET).size());
    }
}
