package dev.nabla.backend.cpu;

import dev.nabla.ops.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.zip.CRC32;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bits of {@link VectorMath} do not depend on the JIT tier: a first (interpreted) call and a
 * call after 50k warm-up iterations (C2-compiled) give identical results. This class must run its
 * cold calls before anything else warms VectorMath up in this JVM, so one test does all functions:
 * every cold result is captured first, then the code is warmed, then compared. Surefire runs all
 * classes in one JVM, so a second test also compares against a child JVM run with {@code -Xint}
 * (interpreter only, the Vector API's Java fallback), which is cold whatever ran before.
 */
class VectorMathDeterminismTest {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int N = 4096, WARM = 50_000;

    static float[] apply(UnaryOperator<FloatVector> f, float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += S.length()) f.apply(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        return y;
    }

    static float lanesSum(float[] x) {
        float s = 0;
        for (int i = 0; i < x.length; i += S.length()) s += VectorMath.sum(FloatVector.fromArray(S, x, i));
        return s;
    }

    @Test void coldAndHotCallsAgreeBitForBit() {
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) x[i] = (float) r.nextDouble(-20, 20);
        float[] pos = new float[N];
        for (int i = 0; i < N; i++) pos[i] = (float) r.nextDouble(1e-6, 50);
        @SuppressWarnings("unchecked")
        UnaryOperator<FloatVector>[] fns = new UnaryOperator[]{
                (UnaryOperator<FloatVector>) VectorMath::exp, (UnaryOperator<FloatVector>) VectorMath::log,
                (UnaryOperator<FloatVector>) VectorMath::tanh, (UnaryOperator<FloatVector>) VectorMath::sigmoid};
        String[] names = {"exp", "log", "tanh", "sigmoid"};
        float[][] in = {x, pos, x, x};
        float[][] cold = new float[4][];
        for (int f = 0; f < 4; f++) cold[f] = apply(fns[f], in[f]);
        float coldSum = lanesSum(x);

        float sink = warm(x, pos);
        for (int f = 0; f < 4; f++) {
            float[] hot = apply(fns[f], in[f]);
            int diff = 0;
            for (int i = 0; i < N; i++) if (Float.floatToRawIntBits(hot[i]) != Float.floatToRawIntBits(cold[f][i])) diff++;
            assertEquals(0, diff, names[f] + ": lanes differing between cold and hot calls");
            assertArrayEquals(cold[f], hot, names[f]);
        }
        assertEquals(Float.floatToRawIntBits(coldSum), Float.floatToRawIntBits(lanesSum(x)), "sum: cold vs hot");
        // keep the warm-up loop from being optimized away
        assertEquals(false, Float.isNaN(sink) && Arrays.hashCode(x) == 0);
    }

    /** WARM calls of every function, enough for C2 to compile them (and the Vector API intrinsics). */
    static float warm(float[] x, float[] pos) {
        float sink = 0;
        for (int w = 0; w < WARM; w++) {
            int o = (w * S.length()) % N;
            FloatVector v = FloatVector.fromArray(S, x, o), p = FloatVector.fromArray(S, pos, o);
            sink += VectorMath.exp(v).add(VectorMath.log(p)).add(VectorMath.tanh(v)).add(VectorMath.sigmoid(v)).lane(0);
            sink += VectorMath.sum(v);
        }
        for (int w = 0; w < 200; w++) sink += lanesSum(apply(VectorMath::exp, x)) + lanesSum(apply(VectorMath::log, pos))
                + lanesSum(apply(VectorMath::tanh, x)) + lanesSum(apply(VectorMath::sigmoid, x));
        return sink;
    }

    static final Set<UnaryOp> SCALAR_TRANSCENDENTALS = EnumSet.of(UnaryOp.LOG1P, UnaryOp.EXPM1, UnaryOp.SIN, UnaryOp.COS);

    /** CRC of the raw bits of every function's outputs on fixed inputs, of the lane sums and of the kernels using them. */
    static String digests() {
        SplittableRandom r = new SplittableRandom(11);
        float[] x = new float[N], pos = new float[N];
        for (int i = 0; i < N; i++) { x[i] = (float) r.nextDouble(-20, 20); pos[i] = (float) r.nextDouble(1e-6, 50); }
        StringBuilder sb = new StringBuilder();
        sb.append(crc(apply(VectorMath::exp, x))).append(' ').append(crc(apply(VectorMath::log, pos))).append(' ')
                .append(crc(apply(VectorMath::tanh, x))).append(' ').append(crc(apply(VectorMath::sigmoid, x))).append(' ')
                .append(Float.floatToRawIntBits(lanesSum(x)));
        // the kernels built on it, end to end: every vectorized unary op plus the ones left scalar
        float[] y = new float[N + 3];
        for (UnaryOp op : UnaryOp.values()) {
            if (!FloatKernels.vectorized(op) && !SCALAR_TRANSCENDENTALS.contains(op)) continue;
            FloatKernels.unaryRow(op, op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT ? pos : x, 0, 1, y, 0, N - 3);
            sb.append(' ').append(op).append('=').append(crc(y));
        }
        FloatKernels.softmaxRow(x, 0, y, 0, N - 5, false);
        sb.append(" softmax=").append(crc(y));
        FloatKernels.softmaxRow(x, 0, y, 0, N - 5, true);
        sb.append(" logSoftmax=").append(crc(y)).append(" sum=").append(Double.doubleToRawLongBits(FloatKernels.sum(x, 1, N - 1)));
        return sb.toString();
    }

    static long crc(float[] y) {
        CRC32 c = new CRC32();
        for (float v : y) { int b = Float.floatToRawIntBits(v); c.update(new byte[]{(byte) b, (byte) (b >> 8), (byte) (b >> 16), (byte) (b >> 24)}); }
        return c.getValue();
    }

    /** Entry point of the -Xint child. */
    public static void main(String[] args) { System.out.println(digests()); }

    @Test void interpreterOnlyJvmAgreesWithWarmedUpJvm() throws IOException, InterruptedException {
        float[] x = new float[N], pos = new float[N];
        Arrays.fill(x, 0.75f);
        Arrays.fill(pos, 3f);
        warm(x, pos);
        for (int w = 0; w < 300; w++) digests();   // and the kernels, through C2 as well
        String hot = digests();
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xint",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                VectorMathDeterminismTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.getErrorStream().readAllBytes();
        assertEquals(0, p.waitFor(), "child JVM failed: " + out);
        assertEquals(hot, out, "digests (exp log tanh sigmoid sum): warmed-up JVM vs -Xint JVM");
    }
}
