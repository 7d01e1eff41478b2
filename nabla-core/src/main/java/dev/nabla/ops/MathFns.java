package dev.nabla.ops;

/** Scalar special functions in double precision (the reference for the float kernels). */
public final class MathFns {
    private MathFns() {}

    /**
     * erf to about 1e-15: the Maclaurin series below |x| = 2.5, a Lentz continued fraction for
     * erfc beyond it.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double x2 = x * x, term = x, sum = x;
            for (int n = 1; n < 100; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        if (ax > 6) return Math.signum(x);
        return Math.signum(x) * (1 - erfcLarge(ax));
    }

    /** erfc(x) for x >= 2.5 by the continued fraction erfc x = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))). */
    private static double erfcLarge(double x) {
        double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 200; n++) {
            double an = n / 2.0;
            d = x + an * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
