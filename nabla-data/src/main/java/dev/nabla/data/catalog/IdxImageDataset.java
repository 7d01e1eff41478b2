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
