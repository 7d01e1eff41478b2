package dev.nabla.bench;

import dev.nabla.backend.cpu.VectorMath;
import java.io.PrintStream;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Deterministic {@link VectorMath} against the Vector API's tier-dependent lanewise ops (SVML once
 * C2-compiled), single thread, over 4096 floats kept in L1: ns per element, median of repeats, and
 * the ratio VectorMath / Vector API. Arguments (optional): {@code repeats=15}.
 */
public final class VectorMathBench {
    private VectorMathBench() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int N = 4096, INNER = 2000;

    public static void main(String[] args) { run(System.out, args); }

    public static void run(PrintStream out, String[] args) {
        int repeats = 15;
        for (String a : args) if (a.startsWith("repeats=")) repeats = Integer.parseInt(a.substring(8));
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[N], pos = new float[N], y = new float[N];
        for (int i = 0; i < N; i++) { x[i] = (float) r.nextDouble(-10, 10); pos[i] = (float) r.nextDouble(1e-3, 100); }
        // one loop method per function and variant: a shared loop behind a lambda would turn
        // megamorphic after the first two and box every vector, measuring the boxing instead
        bench(out, "exp", repeats, () -> expMine(x, y), () -> expApi(x, y));
        bench(out, "log", repeats, () -> logMine(pos, y), () -> logApi(pos, y));
        bench(out, "tanh", repeats, () -> tanhMine(x, y), () -> tanhApi(x, y));
        bench(out, "sigmoid", repeats, () -> sigmoidMine(x, y), () -> sigmoidApi(x, y));
        float[] acc = new float[1];
        double[] mine = BenchStats.sampleSeconds(repeats, INNER, () -> acc[0] += sumAll(x, true));
        double[] api = BenchStats.sampleSeconds(repeats, INNER, () -> acc[0] += sumAll(x, false));
        report(out, "lane sum (per vector)", BenchStats.of(mine).median() * S.length() / N,
                BenchStats.of(api).median() * S.length() / N);
        if (acc[0] == 42) out.println();
    }

    private static float sumAll(float[] x, boolean det) {
        float s = 0;
        for (int i = 0; i < N; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            s += det ? VectorMath.sum(v) : v.reduceLanes(VectorOperators.ADD);
        }
        return s;
    }

    private static void expMine(float[] x, float[] y) {
        for (int i = 0; i < N; i += S.length()) VectorMath.exp(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    }

    private static void expApi(float[] x, float[] y) {
        for (int i = 0; i < N; i += S.length()) FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
    }

    private static void logMine(float[] x, float[] y) {
        for (int i = 0; i < N; i += S.length()) VectorMath.log(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    }

    private static void logApi(float[] x, float[] y) {
        for (int i = 0; i < N; i += S.length()) FloatVector.fromArray(S, x, i).lanewise(VectorOperators.LOG).intoArray(y, i);
    }

    private static void tanhMine(float[] x, float[] y) {
        for (int i = 0; i < N; i += S.length()) VectorMath.tanh(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    }

    private static void tanhApi(float[] x, float[] y) {
        for (int i = 0; i < N; i += S.length()) FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
    }

    private static void sigmoidMine(float[] x, float[] y) {
        for (int i = 0; i < N; i += S.length()) VectorMath.sigmoid(FloatVector.fromArray(S, x, i)).intoArray(y, i);
    }

    private static void sigmoidApi(float[] x, float[] y) {
        for (int i = 0; i < N; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector.broadcast(S, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(y, i);
        }
    }

    private static void bench(PrintStream out, String name, int repeats, Runnable a, Runnable b) {
        for (int w = 0; w < 3; w++) { BenchStats.sampleSeconds(1, INNER, a); BenchStats.sampleSeconds(1, INNER, b); }
        double[] sa = new double[repeats], sb = new double[repeats];
        for (int k = 0; k < repeats; k++) {   // interleaved so machine load hits both alike
            sa[k] = BenchStats.sampleSeconds(1, INNER / 4, a)[0];
            sb[k] = BenchStats.sampleSeconds(1, INNER / 4, b)[0];
        }
        report(out, name, BenchStats.of(sa).median() / N, BenchStats.of(sb).median() / N);
    }

    private static void report(PrintStream out, String name, double mine, double api) {
        out.printf("%-22s VectorMath %6.3f ns/elem   Vector API %6.3f ns/elem   ratio %.2f%n", name, mine * 1e9, api * 1e9, mine / api);
    }
}
