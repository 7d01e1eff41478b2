package dev.nabla.data.catalog;

import dev.nabla.data.DataFileException;
import dev.nabla.data.Dataset;
import dev.nabla.data.Example;
import dev.nabla.data.io.IdxArray;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * An MNIST-family split held as raw bytes (47 MB for 60,000 images): item i is a [1, H, W] float32
 * image with pixel/255 and a scalar int64 label. Items are made on access, so the heap holds only
 * the bytes.
 */
public final class IdxImageDataset implements Dataset<Example> {
    private static final float[] SCALE = new float[256];
    static {
        for (int k = 0; k < 256; k++) SCALE[k] = k / 255f;
    }

    private final byte[] images;
    private final byte[] labels;
    private final int rows, cols;

    /** Checks that the two arrays form a dataset: ubyte images [N, H, W], ubyte labels [N] below numClasses. */
    public IdxImageDataset(IdxArray images, IdxArray labels, int numClasses) {
        images.expect(IdxArray.UBYTE, -1, -1, -1);
        labels.expect(IdxArray.UBYTE, -1);
        if (images.dims()[0] != labels.dims()[0])
            throw new DataFileException(labels.source(), "header", "holds " + labels.dims()[0] + " labels but " + images.source() + " holds "
                    + images.dims()[0] + " images; the files do not belong together");
        byte[] l = labels.data();
        for (int k = 0; k < l.length; k++)
            if ((l[k] & 0xFF) >= numClasses)
                throw new DataFileException(labels.source(), "byte " + (8 + k), "label " + (l[k] & 0xFF) + " of item " + k + " is not a class in [0, " + numClasses + ")");
        this.images = images.data();
        this.labels = l;
        this.rows = images.dims()[1];
        this.cols = images.dims()[2];
    }

    @Override public int size() { return labels.length; }

    @Override public Example get(int index) {
        Dataset.checkIndex(index, labels.length);
        int n = rows * cols, off = index * n;
        float[] px = new float[n];
        for (int k = 0; k < n; k++) px[k] = SCALE[images[off + k] & 0xFF];
        return new Example(Tensor.wrap(px, 1, rows, cols), Tensor.scalar(labels[index], DType.INT64));
    }

    /**
     * Items {@code order[from..to)} as one batch of images, each pixel byte looked up in {@code table}: the
     * uint8 storage stays the only copy of the split (47 MB for 60,000 images instead of 188 MB as float32).
     *
     * @param order item indices (not modified), or null for items {@code from..to) in storage order
     * @param table 256 floats, the value of each pixel byte, e.g. from {@link #pixelTable} (not modified)
     * @return a fresh [to - from, 1, H, W] float32 tensor
     */
    public Tensor images(int[] order, int from, int to, float[] table) {
        if (table.length != 256) throw new IllegalArgumentException("IdxImageDataset.images: the pixel table has " + table.length + " entries; it needs 256, one per byte value");
        checkRange(order, from, to);
        int n = rows * cols;
        float[] px = new float[(to - from) * n];
        for (int i = from; i < to; i++) {
            int src = Dataset.checkIndex(order == null ? i : order[i], labels.length) * n, dst = (i - from) * n;
            for (int k = 0; k < n; k++) px[dst + k] = table[images[src + k] & 0xFF];
        }
        return Tensor.wrap(px, to - from, 1, rows, cols);
    }

    /** Labels of items {@code order[from..to)} (order null: storage order) as a fresh int64 [to - from] tensor. */
    public Tensor labels(int[] order, int from, int to) {
        checkRange(order, from, to);
        long[] y = new long[to - from];
        for (int i = from; i < to; i++) y[i - from] = labels[Dataset.checkIndex(order == null ? i : order[i], labels.length)] & 0xFF;
        return Tensor.of(y, y.length);
    }

    private void checkRange(int[] order, int from, int to) {
        int len = order == null ? labels.length : order.length;
        if (from < 0 || from > to || to > len)
            throw new IndexOutOfBoundsException("IdxImageDataset: batch range [" + from + ", " + to + ") is outside [0, " + len + ")"
                    + (order == null ? " items" : " of the order array"));
    }

    /**
     * The float value of each pixel byte: {@code p / 255}, then {@code (v - mean) / std} when {@code standardize}.
     * Computed in float exactly as a per-pixel loop would (multiply by {@code 1f / 255}, subtract the float mean,
     * multiply by the float reciprocal of std), so batches match an eagerly converted float copy bit for bit.
     */
    public static float[] pixelTable(boolean standardize, double mean, double std) {
        float scale = 1f / 255, m = (float) mean, inv = (float) (1 / std);
        float[] t = new float[256];
        for (int p = 0; p < 256; p++) {
            float v = p * scale;
            t[p] = standardize ? (v - m) * inv : v;
        }
        return t;
    }

    /** The class label of item {@code index}, without building tensors. */
    public int label(int index) { return labels[Dataset.checkIndex(index, labels.length)] & 0xFF; }

    /** The raw 0..255 pixels of item {@code index} (a copy). */
    public int[] pixels(int index) {
        Dataset.checkIndex(index, labels.length);
        int n = rows * cols;
        int[] p = new int[n];
        for (int k = 0; k < n; k++) p[k] = images[index * n + k] & 0xFF;
        return p;
    }

    /**
     * The split's uint8 pixels, item after item ([N, H, W] row-major), without a copy: for handing the data to
     * code that gathers its own batches. Must not be modified.
     */
    public byte[] rawPixels() { return images; }

    /** Image height and width. */
    public int[] imageShape() { return new int[]{rows, cols}; }

    /** Counts of each label value, indexed by class. */
    public int[] labelCounts(int numClasses) {
        int[] c = new int[numClasses];
        for (byte b : labels) c[b & 0xFF]++;
        return c;
    }

    /** Sum of every pixel value (0..255) in the split. */
    public long pixelSum() {
        long s = 0;
        for (byte b : images) s += b & 0xFF;
        return s;
    }

    @Override public String toString() { return "IdxImageDataset[" + labels.length + " x " + Arrays.toString(imageShape()) + "]"; }
}
