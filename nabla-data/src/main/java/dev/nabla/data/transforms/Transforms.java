package dev.nabla.data.transforms;

import dev.nabla.data.Example;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Building blocks for augmentation pipelines.
 *
 * <pre>{@code
 * Transform<Example> train = Transforms.onInput(Transforms.compose(
 *         new RandomCrop(28, 2), new HorizontalFlip(0.5), new Normalize(0.2860, 0.3530)));
 * Dataset<Example> augmented = FashionMNIST.load(Split.TRAIN, options).augment(seed, train);
 * }</pre>
 */
public final class Transforms {
    private Transforms() {}

    /** Image transforms in order, sharing one copy of the image and one generator. */
    public static ImageTransform compose(ImageTransform... steps) {
        ImageTransform[] s = steps.clone();
        return new ImageTransform() {
            @Override public float[] apply(float[] img, int c, int h, int w, Generator rng) {
                for (ImageTransform t : s) {
                    int[] o = t.outShape(c, h, w);
                    img = t.apply(img, c, h, w, rng);
                    c = o[0]; h = o[1]; w = o[2];
                }
                return img;
            }

            @Override public int[] outShape(int c, int h, int w) {
                int[] o = {c, h, w};
                for (ImageTransform t : s) o = t.outShape(o[0], o[1], o[2]);
                return o;
            }
        };
    }

    /** Any transforms in order, with the same generator. */
    @SafeVarargs
    public static <T> Transform<T> compose(Transform<T>... steps) {
        Transform<T>[] s = steps.clone();
        return (x, g) -> {
            for (Transform<T> t : s) x = t.apply(x, g);
            return x;
        };
    }

    /** Applies {@code t} to an example's input, keeping its target. */
    public static Transform<Example> onInput(Transform<Tensor> t) { return (e, g) -> new Example(t.apply(e.input(), g), e.target()); }

    /** Applies {@code t} to an example's target, keeping its input. */
    public static Transform<Example> onTarget(Transform<Tensor> t) { return (e, g) -> new Example(e.input(), t.apply(e.target(), g)); }

    /** Casts any dtype to float32 times {@code scale} (1/255 for bytes stored as integers). */
    public static Transform<Tensor> toFloat(double scale) {
        return (x, g) -> {
            float[] f = x.toFloatArray();
            if (scale != 1) for (int k = 0; k < f.length; k++) f[k] = (float) (f[k] * scale);
            return Tensor.wrap(f, x.shape());
        };
    }

    /** A scalar integer class label to a float32 one-hot vector [numClasses]. */
    public static Transform<Tensor> oneHot(int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("oneHot: numClasses must be >= 1, got " + numClasses);
        return (x, g) -> {
            if (x.numel() != 1 || !x.dtype().isIntegral())
                throw new IllegalArgumentException("oneHot: target of shape " + Arrays.toString(x.shape()) + " and dtype " + x.dtype()
                        + " is not a scalar integer label");
            long label = x.storage().getLong(x.offset());
            if (label < 0 || label >= numClasses)
                throw new IllegalArgumentException("oneHot: label " + label + " is outside [0, " + numClasses + ")");
            float[] v = new float[numClasses];
            v[(int) label] = 1;
            return Tensor.wrap(v, numClasses);
        };
    }

}
