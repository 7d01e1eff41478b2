package dev.nabla.bench.compare;

import dev.nabla.data.catalog.FashionMNIST;
import dev.nabla.data.catalog.IdxImageDataset;
import dev.nabla.data.catalog.LoadOptions;
import dev.nabla.data.catalog.Split;

import java.io.PrintStream;
import java.util.Random;

/**
 * Fashion-MNIST held in memory as its uint8 pixels (row-major [N, 784], 47 MB for the training split)
 * and int labels, loaded once through {@code dev.nabla.data}. Every framework takes its batches from
 * here, converted to pixel/255 floats by the same Java gather, so batch assembly costs them all the
 * same and only the conversion to each framework's tensor type differs.
 */
public final class FashionData {
    public static final int PIXELS = 28 * 28, CLASSES = 10;

    /** Each pixel byte's float value, p / 255. */
    private static final float[] SCALE = new float[256];
    static {
        for (int p = 0; p < 256; p++) SCALE[p] = p / 255f;
    }

    public final byte[] pixels;
    public final int[] labels;
    public final int size;

    /**
     * @param pixels [n, 784] uint8 pixels (not copied: not modified afterwards)
     * @param labels n labels in [0, 10) (not copied)
     */
    public FashionData(byte[] pixels, int[] labels) {
        if (pixels.length != labels.length * PIXELS)
            throw new IllegalArgumentException("FashionData: " + pixels.length + " pixels do not make " + labels.length + " images of " + PIXELS);
        this.pixels = pixels;
        this.labels = labels;
        this.size = labels.length;
    }

    /** The training split from the installed dataset (/usr/share/datasets/fashion-mnist); never downloads. */
    public static FashionData load(Split split, PrintStream log) {
        IdxImageDataset ds = FashionMNIST.load(split, LoadOptions.defaults().withDownload(false), log);
        int n = ds.size();
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) lab[i] = ds.label(i);
        return new FashionData(ds.rawPixels(), lab);
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

    /** Images order[from..to) as a fresh [to-from, 784] array of pixel/255. */
    public float[] gatherImages(int[] order, int from, int to) {
        float[] out = new float[(to - from) * PIXELS];
        for (int i = from; i < to; i++) {
            int src = order[i] * PIXELS, dst = (i - from) * PIXELS;
            for (int k = 0; k < PIXELS; k++) out[dst + k] = SCALE[pixels[src + k] & 0xFF];
        }
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
