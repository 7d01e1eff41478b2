package dev.nabla.bench.compare;

import dev.nabla.data.catalog.FashionMNIST;
import dev.nabla.data.catalog.IdxImageDataset;
import dev.nabla.data.catalog.LoadOptions;
import dev.nabla.data.catalog.Split;

import java.io.PrintStream;
import java.util.Random;

/**
 * Fashion-MNIST held in memory as one float array (pixel/255, row-major [N, 784]) and int labels,
 * loaded once through {@code dev.nabla.data}. Every framework takes its batches from here, built
 * by the same Java gather, so batch assembly costs them all the same and only the conversion to
 * each framework's tensor type differs.
 */
public final class FashionData {
    public static final int PIXELS = 28 * 28, CLASSES = 10;

    public final float[] images;
    public final int[] labels;
    public final int size;

    /**
     * @param images [n, 784] pixel/255 (not copied: not modified afterwards)
     * @param labels n labels in [0, 10) (not copied)
     */
    public FashionData(float[] images, int[] labels) {
        if (images.length != labels.length * PIXELS)
            throw new IllegalArgumentException("FashionData: " + images.length + " pixels do not make " + labels.length + " images of " + PIXELS);
        this.images = images;
        this.labels = labels;
        this.size = labels.length;
    }

    /** The training split from the installed dataset (/usr/share/datasets/fashion-mnist); never downloads. */
    public static FashionData load(Split split, PrintStream log) {
        IdxImageDataset ds = FashionMNIST.load(split, LoadOptions.defaults().withDownload(false), log);
        int n = ds.size();
        float[] px = new float[n * PIXELS];
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) {
            float[] img = ds.get(i).input().storage().floats(); // a fresh contiguous [1, 28, 28] per item
            System.arraycopy(img, 0, px, i * PIXELS, PIXELS);
            lab[i] = ds.label(i);
        }
        return new FashionData(px, lab);
    }

    /** A seeded permutation of the items for one epoch (Fisher-Yates). */
    public int[] shuffled(long seed, int epoch) {
        Random r = new Random(seed * 1_000_003L + epoch);
        int[] p = new int[size];
        for (int i = 0; i < size; i++) p[i] = i;
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Images order[from..to) as a fresh [to-from, 784] array. */
    public float[] gatherImages(int[] order, int from, int to) {
        float[] out = new float[(to - from) * PIXELS];
        for (int i = from; i < to; i++) System.arraycopy(images, order[i] * PIXELS, out, (i - from) * PIXELS, PIXELS);
        return out;
    }

    /** Labels order[from..to). */
    public int[] gatherLabels(int[] order, int from, int to) {
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) out[i - from] = labels[order[i]];
        return out;
    }

    /** One batch: {@code n} images as [n, 784] and their labels. */
    public record Batch(float[] images, int[] labels, int n) {}

    /**
     * Walks batches over shuffled epochs, reshuffling when one runs out. Batch size {@code batch};
     * the last batch of an epoch holds the remainder (PyTorch's default drop_last=False).
     */
    public final class Batches {
        private final int batch;
        private final long seed;
        private int epoch = -1, pos;
        private int[] order;

        public Batches(int batch, long seed) {
            this.batch = batch;
            this.seed = seed;
        }

        /** Batches in one epoch. */
        public int perEpoch() { return (size + batch - 1) / batch; }

        /** The next batch, gathered into fresh arrays. */
        public Batch next() {
            if (order == null || pos >= size) {
                order = shuffled(seed, ++epoch);
                pos = 0;
            }
            int from = pos, to = Math.min(size, pos + batch);
            pos = to;
            return new Batch(gatherImages(order, from, to), gatherLabels(order, from, to), to - from);
        }
    }
}
