package dev.nabla.data.transforms;

import dev.nabla.data.Example;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TransformsTest {
    static Tensor img(int c, int h, int w) {
        float[] f = new float[c * h * w];
        for (int k = 0; k < f.length; k++) f[k] = k + 1;
        return Tensor.of(f, c, h, w);
    }

    @Test void normalizePerChannel() {
        Tensor x = img(2, 1, 2);
        Tensor y = new Normalize(new float[]{1, 2}, new float[]{2, 4}).apply(x, new Generator(0));
        assertArrayEquals(new float[]{0, 0.5f, 0.25f, 0.5f}, y.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[]{1, 2, 3, 4}, x.toFloatArray(), "input not modified");
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new float[]{0, 0, 0}, new float[]{1, 1, 1}).apply(x, new Generator(0)));
    }

    @Test void flip() {
        Tensor x = img(1, 2, 3);
        assertArrayEquals(new float[]{3, 2, 1, 6, 5, 4}, new HorizontalFlip(1).apply(x, new Generator(0)).toFloatArray());
        assertArrayEquals(x.toFloatArray(), new HorizontalFlip(0).apply(x, new Generator(0)).toFloatArray());
    }

    @Test void randomCropIsAWindowOfThePaddedImage() {
        Tensor x = img(2, 4, 4);
        assertArrayEquals(x.toFloatArray(), new RandomCrop(4, 0).apply(x, new Generator(3)).toFloatArray());
        float[] src = x.toFloatArray();
        boolean moved = false;
        for (int seed = 0; seed < 20; seed++) {
            Generator g = new Generator(seed);
            float[] out = new RandomCrop(4, 2).apply(x, new Generator(seed)).toFloatArray();
            int top = (int) g.nextLong(5) - 2, left = (int) g.nextLong(5) - 2; // the same draws the crop makes
            moved |= top != 0 || left != 0;
            for (int c = 0; c < 2; c++)
                for (int y = 0; y < 4; y++)
                    for (int xx = 0; xx < 4; xx++) {
                        int sy = y + top, sx = xx + left;
                        float want = sy < 0 || sy >= 4 || sx < 0 || sx >= 4 ? 0 : src[(c * 4 + sy) * 4 + sx];
                        assertEquals(want, out[(c * 4 + y) * 4 + xx], "seed " + seed);
                    }
        }
        assertTrue(moved);
        assertArrayEquals(new int[]{2, 3, 3}, new RandomCrop(3, 0).apply(x, new Generator(1)).shape());
    }

    @Test void affineIdentityAndQuarterTurn() {
        Tensor x = img(1, 3, 3);
        assertArrayEquals(x.toFloatArray(), new RandomAffine(0, 0).apply(x, new Generator(1)).toFloatArray(), 1e-5f);
        float[] r = RandomAffine.warp(x.toFloatArray(), 1, 3, 3, Math.PI / 2, 0, 0, 0);
        // Rotating the centre stays put and the four corners cycle.
        assertEquals(5, r[4], 1e-5);
        float[] sortedIn = x.toFloatArray(), sortedOut = r.clone();
        java.util.Arrays.sort(sortedOut);
        assertArrayEquals(sortedIn, sortedOut, 1e-4f);
        assertNotEquals(x.toFloatArray()[0], r[0], 1e-3);
        float[] shifted = RandomAffine.warp(x.toFloatArray(), 1, 3, 3, 0, 1, 0, 0);
        assertArrayEquals(new float[]{0, 1, 2, 0, 4, 5, 0, 7, 8}, shifted, 1e-5f);
        Tensor a = new RandomAffine(10, 0.1).apply(x, new Generator(4)), b = new RandomAffine(10, 0.1).apply(x, new Generator(4));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    }

    @Test void composeIsDeterministicGivenSeedAndTracksShape() {
        ImageTransform t = Transforms.compose(new RandomCrop(3, 1), new HorizontalFlip(0.5), new Normalize(0.5, 2));
        Tensor x = img(1, 4, 4);
        assertArrayEquals(new int[]{1, 3, 3}, t.apply(x, new Generator(1)).shape());
        assertArrayEquals(t.apply(x, new Generator(8)).toFloatArray(), t.apply(x, new Generator(8)).toFloatArray());
        boolean differs = false;
        for (int s = 0; s < 10; s++) differs |= !java.util.Arrays.equals(t.apply(x, new Generator(8)).toFloatArray(), t.apply(x, new Generator(s)).toFloatArray());
        assertTrue(differs);
        assertThrows(IllegalArgumentException.class, () -> t.apply(Tensor.zeros(DType.INT64, 1, 4, 4), new Generator(1)));
    }

    @Test void toFloatAndOneHot() {
        Tensor bytes = Tensor.of(new long[]{0, 255, 51}, 3);
        assertArrayEquals(new float[]{0, 1, 0.2f}, Transforms.toFloat(1 / 255.0).apply(bytes, null).toFloatArray(), 1e-6f);
        Example e = Transforms.onTarget(Transforms.oneHot(4)).apply(Example.of(Tensor.zeros(1), 2), null);
        assertArrayEquals(new float[]{0, 0, 1, 0}, e.target().toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Transforms.oneHot(2).apply(Tensor.scalar(5, DType.INT64), null));
    }
}
