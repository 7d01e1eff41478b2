package dev.nabla.nn.functional;

import dev.nabla.backend.cpu.Parallel;
import dev.nabla.backend.cpu.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused float32 kernels for the two normalizations on the training hot path. Statistics are
 * accumulated in double (two passes: mean, then centred squares) so large planes keep their
 * precision. Layouts are contiguous: batch norm sees x as [N, C, S] (S = spatial volume), layer
 * norm as [rows, D].
 */
final class NormKernels {
    private NormKernels() {}

    /** Per-channel batch mean and biased variance of x [N, C, S]; returns {mean, var}. */
    static double[][] batchStats(float[] x, int xo, int n, int c, int s) {
        double[] mean = new double[c], var = new double[c];
        long m = (long) n * s;
        Parallel.forRange(c, 1, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += VecSums.sum(x, xo + (i * c + ch) * s, s);
                double mu = sum / m, sq = 0;
                // centred on the float mean; the small offset from the exact mean is corrected below
                float fm = (float) mu;
                for (int i = 0; i < n; i++) sq += VecSums.sumSqDev(x, xo + (i * c + ch) * s, s, fm);
                double shift = mu - fm;
                mean[ch] = mu;
                var[ch] = Math.max(0, sq / m - shift * shift);
            }
        });
        return new double[][]{mean, var};
    }

    /** y = (x − mean)·invstd·w + b per channel; w/b may be null (1 and 0). */
    static void batchApply(float[] x, int xo, float[] y, int n, int c, int s, double[] mean, double[] invstd,
                           float[] w, int wo, float[] b, int bo) {
        Parallel.forRange(n * c, 8, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ch = r % c;
                float scale = (float) (invstd[ch] * (w == null ? 1 : w[wo + ch]));
                float shift = (float) ((b == null ? 0 : b[bo + ch]) - mean[ch] * scale);
                int base = r * s;
                for (int j = 0; j < s; j++) y[base + j] = x[xo + base + j] * scale + shift;
            }
        });
    }

    /**
     * Batch-norm backward: per channel sumG = Σg, sumGX = Σg·x̂, then
     * gx = w·invstd·(g − sumG/M − x̂·sumGX/M). Writes gx (if non-null) and returns {sumGX, sumG}
     * (the weight and bias gradients).
     */
    static double[][] batchBackward(float[] x, int xo, float[] g, int go, float[] gx, int n, int c, int s,
                                    double[] mean, double[] invstd, float[] w, int wo) {
        double[] sumG = new double[c], sumGX = new double[c];
        long m = (long) n * s;
        Parallel.forRange(c, 1, (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double sg = 0, sgx = 0, mu = mean[ch];
                float fm = (float) mu;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * s;
                    double segG = VecSums.sum(g, go + base, s);
                    sg += segG;
                    // Σg·(x − mu) = Σg·(x − fm) − (mu − fm)·Σg
                    sgx += VecSums.dotCentered(g, go + base, x, xo + base, s, fm) - (mu - fm) * segG;
                }
                sgx *= invstd[ch];
                sumG[ch] = sg;
                sumGX[ch] = sgx;
                if (gx == null) continue;
                double k = invstd[ch] * (w == null ? 1 : w[wo + ch]);
                float a = (float) k, bias = (float) (-k * sg / m), xs = (float) (-k * sgx / m * invstd[ch]);
                float xShift = (float) mu;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * s;
                    for (int j = 0; j < s; j++) gx[base + j] = a * g[go + base + j] + bias + xs * (x[xo + base + j] - xShift);
                }
            }
        });
        return new double[][]{sumGX, sumG};
    }

    /** Layer norm over rows of length d: y = (x − μ)·invstd·w + b; fills mean/invstd per row. */
    static void layerForward(float[] x, int xo, float[] y, int rows, int d, float[] w, int wo, float[] b, int bo,
                             double eps, double[] mean, double[] invstd) {
        Parallel.forRange(rows, 16, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = xo + r * d;
                double mu = VecSums.sum(x, base, d) / d;
                float fmu = (float) mu;
                double shift = mu - fmu;
                double is = 1 / Math.sqrt(Math.max(0, VecSums.sumSqDev(x, base, d, fmu) / d - shift * shift) + eps);
                mean[r] = mu;
                invstd[r] = is;
                float fm = (float) mu, fs = (float) is;
                int out = r * d, j = 0;
                if (w != null && b != null) {
                    // the affine case (every LayerNorm module) in lanes; same operation order as the tail
                    FloatVector vm = FloatVector.broadcast(S, fm), vs = FloatVector.broadcast(S, fs);
                    for (int bound = S.loopBound(d); j < bound; j += S.length())
                        FloatVector.fromArray(S, x, base + j).sub(vm).mul(vs).mul(FloatVector.fromArray(S, w, wo + j))
                                .add(FloatVector.fromArray(S, b, bo + j)).intoArray(y, out + j);
                }
                for (; j < d; j++) {
                    float xh = (x[base + j] - fm) * fs;
                    y[out + j] = xh * (w == null ? 1f : w[wo + j]) + (b == null ? 0f : b[bo + j]);
                }
            }
        });
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Rows summed in float lanes before the weight/bias gradient partials are flushed to double. */
    private static final int FLUSH_ROWS = 64;

    /**
     * Layer-norm backward. With ĝ = g·w and x̂ = (x − μ)·invstd: gx = invstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))
     * per row; gw = Σ_rows g·x̂, gb = Σ_rows g (float lanes per block of rows, then double per
     * thread, then added across threads).
     */
    static void layerBackward(float[] x, int xo, float[] g, int go, float[] gx, float[] gw, float[] gb, int rows, int d,
                              float[] w, int wo, double[] mean, double[] invstd) {
        Object lock = new Object();
        double[] gwAll = new double[d], gbAll = new double[d];
        float[] ones = w == null ? filled(d, 1f) : null;
        float[] wv = w == null ? ones : w;
        int wOff = w == null ? 0 : wo;
        Parallel.forRangePerThread(rows, 16, (r0, r1) -> {   // partial sums merged below: see forRangePerThread
            float[] gwB = new float[d], gbB = new float[d];
            double[] gwT = new double[d], gbT = new double[d];
            int bound = S.loopBound(d);
            for (int r = r0; r < r1; r++) {
                int xb = xo + r * d, gbase = go + r * d;
                float mu = (float) mean[r], is = (float) invstd[r];
                FloatVector vMu = FloatVector.broadcast(S, mu), vIs = FloatVector.broadcast(S, is);
                FloatVector accG = FloatVector.zero(S), accGX = FloatVector.zero(S);
                int j = 0;
                for (; j < bound; j += S.length()) {
                    FloatVector xh = FloatVector.fromArray(S, x, xb + j).sub(vMu).mul(vIs);
                    FloatVector gv = FloatVector.fromArray(S, g, gbase + j);
                    FloatVector gh = gv.mul(FloatVector.fromArray(S, wv, wOff + j));
                    accG = accG.add(gh);
                    accGX = gh.fma(xh, accGX);
                    gv.fma(xh, FloatVector.fromArray(S, gwB, j)).intoArray(gwB, j);
                    gv.add(FloatVector.fromArray(S, gbB, j)).intoArray(gbB, j);
                }
                double sumG = VectorMath.sum(accG), sumGX = VectorMath.sum(accGX);
                for (; j < d; j++) {
                    float xh = (x[xb + j] - mu) * is, gv = g[gbase + j], gh = gv * wv[wOff + j];
                    sumG += gh;
                    sumGX += gh * xh;
                    gwB[j] += gv * xh;
                    gbB[j] += gv;
                }
                if ((r - r0) % FLUSH_ROWS == FLUSH_ROWS - 1 || r == r1 - 1) flush(gwB, gbB, gwT, gbT);
                if (gx == null) continue;
                float mg = (float) (sumG / d), mgx = (float) (sumGX / d);
                FloatVector vMg = FloatVector.broadcast(S, mg), vMgx = FloatVector.broadcast(S, mgx);
                int ob = r * d;
                j = 0;
                for (; j < bound; j += S.length()) {
                    FloatVector xh = FloatVector.fromArray(S, x, xb + j).sub(vMu).mul(vIs);
                    FloatVector gh = FloatVector.fromArray(S, g, gbase + j).mul(FloatVector.fromArray(S, wv, wOff + j));
                    gh.sub(vMg).sub(xh.mul(vMgx)).mul(vIs).intoArray(gx, ob + j);
                }
                for (; j < d; j++) {
                    float xh = (x[xb + j] - mu) * is, gh = g[gbase + j] * wv[wOff + j];
                    gx[ob + j] = is * (gh - mg - xh * mgx);
                }
            }
            synchronized (lock) {
                for (int j = 0; j < d; j++) { gwAll[j] += gwT[j]; gbAll[j] += gbT[j]; }
            }
        });
        for (int j = 0; j < d; j++) {
            if (gw != null) gw[j] = (float) gwAll[j];
            if (gb != null) gb[j] = (float) gbAll[j];
        }
    }

    private static void flush(float[] gwB, float[] gbB, double[] gwT, double[] gbT) {
        for (int j = 0; j < gwB.length; j++) {
            gwT[j] += gwB[j];
            gbT[j] += gbB[j];
            gwB[j] = 0;
            gbB[j] = 0;
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
