package dev.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** Max ulp error of {@link VectorMath} against double-precision {@code Math}, over random and edge inputs. */
class VectorMathAccuracyTest {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int RANDOM = 2_000_000;

    static final float[] EDGES = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, -1e-40f, Float.MIN_NORMAL,
            -Float.MIN_NORMAL, 1e-30f, -1e-30f, 1e-7f, -1e-7f, 0.5f, -0.5f, 0.625f, -0.625f, 0.62499994f, 1f, -1f,
            0.70710677f, 1.4142135f, 2f, 10f, -10f, 80f, -80f, 88.72283f, 88.72284f, 88.8f, 89f, 100f, -87.3f,
            -103.27893f, -103.97208f, -104f, -110f, -200f, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    /** Inputs: the edges, uniform random bit patterns (every exponent), and uniform values in [-lim, lim]. */
    static float[] inputs(float lim) {
        SplittableRandom r = new SplittableRandom(42);
        float[] x = new float[EDGES.length + 2 * RANDOM];
        System.arraycopy(EDGES, 0, x, 0, EDGES.length);
        for (int i = 0; i < RANDOM; i++) {
            x[EDGES.length + 2 * i] = Float.intBitsToFloat(r.nextInt());
            x[EDGES.length + 2 * i + 1] = (float) r.nextDouble(-lim, lim);
        }
        return x;
    }

    /** Max ulp error of f against ref (rounded to float), checking NaN / infinity / zero agreement exactly. */
    static double maxUlp(UnaryOperator<FloatVector> f, DoubleUnaryOperator ref, float[] x) {
        int n = S.loopBound(x.length);
        float[] y = new float[n];
        for (int i = 0; i < n; i += S.length()) f.apply(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        double worst = 0;
        for (int j = 0; j < n; j++) {
            final int i = j;
            double exact = ref.applyAsDouble(x[i]);
            float want = (float) exact;
            if (Float.isNaN(want) || Float.isInfinite(want) || want == 0) {
                if (Float.isNaN(want)) assertTrue(Float.isNaN(y[i]), () -> "x=" + x[i] + " want NaN got " + y[i]);
                else if (want == 0) assertTrue(Math.abs(y[i]) <= Float.MIN_VALUE, () -> "x=" + x[i] + " want 0 got " + y[i]);
                else assertEquals(want, y[i], () -> "x=" + x[i]);
                continue;
            }
            double err = Math.abs(y[i] - exact) / Math.ulp(want);
            if (err > worst) worst = err;
            if (err > 2) fail("x=" + x[i] + " (" + Float.floatToIntBits(x[i]) + ") want " + exact + " got " + y[i] + " err " + err + " ulp");
        }
        return worst;
    }

    static double sigmoid(double x) { return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)); }

    @Test void expWithinTwoUlp() {
        System.out.println("exp max ulp " + maxUlp(VectorMath::exp, Math::exp, inputs(110)));
    }

    @Test void logWithinTwoUlp() {
        System.out.println("log max ulp " + maxUlp(VectorMath::log, Math::log, inputs(100)));
        System.out.println("log near 1 max ulp " + maxUlp(VectorMath::log, Math::log, nearOne()));
    }

    static float[] nearOne() {
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[RANDOM];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(0.5, 2);
        return x;
    }

    @Test void tanhWithinTwoUlp() {
        System.out.println("tanh max ulp " + maxUlp(VectorMath::tanh, Math::tanh, inputs(10)));
        System.out.println("tanh near 0 max ulp " + maxUlp(VectorMath::tanh, Math::tanh, inputs(1)));
    }

    @Test void sigmoidWithinTwoUlp() {
        System.out.println("sigmoid max ulp " + maxUlp(VectorMath::sigmoid, VectorMathAccuracyTest::sigmoid, inputs(120)));
    }

    @Test void sumAddsEveryLaneOnce() {
        float[] a = new float[S.length()];
        double want = 0;
        for (int i = 0; i < a.length; i++) { a[i] = 1 << i; want += a[i]; }
        assertEquals(want, VectorMath.sum(FloatVector.fromArray(S, a, 0)));
    }
}
