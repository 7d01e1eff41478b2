package dev.nabla.tensor;

/**
 * A seeded random number generator (xoshiro256**, seeded through SplitMix64). Numbers are drawn
 * sequentially on the calling thread, so a seed gives the same tensors on every run and for every
 * thread count. {@link #state()} / {@link #setState} let checkpoints resume a stream exactly.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor w = Tensor.randn(g, 3, 4);
 * }</pre>
 */
public final class Generator {
    private long s0, s1, s2, s3;
    private double spareGaussian;
    private boolean hasSpare;

    private static final Generator DEFAULT = new Generator(Long.getLong("nabla.seed", 0L));

    public Generator(long seed) { manualSeed(seed); }

    /** The process-wide generator used when none is given (seed: system property {@code nabla.seed}, default 0). */
    public static Generator defaultGenerator() { return DEFAULT; }

    public synchronized Generator manualSeed(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x += 0x9E3779B97F4A7C15L);
        hasSpare = false;
        return this;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The full state, for checkpoints. */
    public synchronized long[] state() {
        return new long[]{s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    public synchronized void setState(long[] st) {
        if (st.length != 6) throw new IllegalArgumentException("Generator.setState: expected 6 longs, got " + st.length);
        s0 = st[0]; s1 = st[1]; s2 = st[2]; s3 = st[3]; hasSpare = st[4] != 0; spareGaussian = Double.longBitsToDouble(st[5]);
    }

    public synchronized long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() { return (nextLong() >>> 40) * 0x1.0p-24f; }

    /** Uniform integer in [0, bound). */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("nextLong: bound must be positive, got " + bound);
        long r = nextLong() >>> 1, m = bound - 1;
        if ((bound & m) == 0) return r & m;
        for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) { }
        return r;
    }

    /** Standard normal (Box-Muller, both values used). */
    public synchronized double nextGaussian() {
        if (hasSpare) { hasSpare = false; return spareGaussian; }
        double u1, u2;
        do { u1 = nextDouble(); } while (u1 <= 0);
        u2 = nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    public Tensor uniform(double lo, double hi, int... shape) {
        if (!(hi >= lo)) throw new IllegalArgumentException("uniform: need lo <= hi, got [" + lo + ", " + hi + ")");
        Tensor t = Tensor.empty(DType.FLOAT32, shape);
        float[] f = t.storage().floats();
        // rounding to float can land exactly on hi (e.g. 4.99999999 -> 5f); keep the range half-open
        float below = hi > lo ? Math.nextDown((float) hi) : (float) lo;
        for (int k = 0; k < f.length; k++) {
            float v = (float) (lo + (hi - lo) * nextDouble());
            f[k] = v >= hi ? below : v;
        }
        return t;
    }

    public Tensor normal(double mean, double std, int... shape) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        Tensor t = Tensor.empty(DType.FLOAT32, shape);
        float[] f = t.storage().floats();
        for (int k = 0; k < f.length; k++) f[k] = (float) (mean + std * nextGaussian());
        return t;
    }

    /** int64 tensor uniform in [lo, hi). */
    public Tensor randint(long lo, long hi, int... shape) {
        if (hi <= lo) throw new IllegalArgumentException("randint: need lo < hi, got [" + lo + ", " + hi + ")");
        Tensor t = Tensor.empty(DType.INT64, shape);
        long[] l = t.storage().longs();
        for (int k = 0; k < l.length; k++) l[k] = lo + nextLong(hi - lo);
        return t;
    }

    /** A random permutation of 0..n-1 (int64), Fisher-Yates. */
    public Tensor permutation(int n) {
        long[] p = new long[n];
        for (int k = 0; k < n; k++) p[k] = k;
        for (int k = n - 1; k > 0; k--) {
            int j = (int) nextLong(k + 1);
            long tmp = p[k]; p[k] = p[j]; p[j] = tmp;
        }
        return Tensor.of(p, n);
    }

    /** A random permutation as a Java array. */
    public int[] permutationArray(int n) {
        int[] p = new int[n];
        for (int k = 0; k < n; k++) p[k] = k;
        for (int k = n - 1; k > 0; k--) {
            int j = (int) nextLong(k + 1);
            int tmp = p[k]; p[k] = p[j]; p[j] = tmp;
        }
        return p;
    }

    /** 1 with probability {@code probs[i]}, else 0, in the dtype of {@code probs}. */
    public Tensor bernoulli(Tensor probs) {
        Tensor p = probs.contiguous();
        Tensor out = Tensor.empty(p.dtype(), p.shape());
        int n = p.numel();
        for (int k = 0; k < n; k++) {
            double q = p.storage().getDouble(p.offset() + k);
            if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("bernoulli: probability " + q + " at element " + k + " is outside [0, 1]");
            out.storage().setDouble(k, nextDouble() < q ? 1 : 0);
        }
        return out;
    }
}
