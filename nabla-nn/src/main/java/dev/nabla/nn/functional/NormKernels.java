package dev.nabla.nn.functional;

import dev.nabla.backend.cpu.Parallel;

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
                int out = r * d;
                for (int j = 0; j < d; j++) {
                    float xh = (x[base + j] - fm) * fs;
                    y[out + j] = xh * (w == null ? 1f : w[wo + j]) + (b == null ? 0f : b[bo + j]);
                }
            }
        });
    }

    /**
     * Layer-norm backward. With ĝ = g·w: gx = invstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) per row;
     * gw = Σ_rows g·x̂, gb = Σ_rows g (accumulated per thread, then added).
     */
    static void layerBackward(float[] x, int xo, float[] g, int go, float[] gx, float[] gw, float[] gb, int rows, int d,
                              float[] w, int wo, double[] mean, double[] invstd) {
        Object lock = new Object();
        double[] gwAll = new double[d], gbAll = new double[d];
        Parallel.forRange(rows, 16, (r0, r1) -> {
            double[] gwl = gw == null ? null : new double[d], gbl = gb == null ? null : new double[d];
            for (int r = r0; r < r1; r++) {
                int xb = xo + r * d, gbase = go + r * d;
                double mu = mean[r], is = invstd[r], sumG = 0, sumGX = 0;
                for (int j = 0; j < d; j++) {
                    double xh = (x[xb + j] - mu) * is, gv = g[gbase + j];
                    double gh = gv * (w == null ? 1 : w[wo + j]);
                    sumG += gh;
                    sumGX += gh * xh;
                    if (gwl != null) gwl[j] += gv * xh;
                    if (gbl != null) gbl[j] += gv;
                }
                if (gx == null) continue;
                double mg = sumG / d, mgx = sumGX / d;
                for (int j = 0; j < d; j++) {
                    double xh = (x[xb + j] - mu) * is;
                    double gh = g[gbase + j] * (w == null ? 1 : w[wo + j]);
                    gx[r * d + j] = (float) (is * (gh - mg - xh * mgx));
                }
            }
            synchronized (lock) {
                for (int j = 0; j < d; j++) {
                    if (gwl != null) gwAll[j] += gwl[j];
                    if (gbl != null) gbAll[j] += gbl[j];
                }
            }
        });
        for (int j = 0; j < d; j++) {
            if (gw != null) gw[j] = (float) gwAll[j];
            if (gb != null) gb[j] = (float) gbAll[j];
        }
    }
}
