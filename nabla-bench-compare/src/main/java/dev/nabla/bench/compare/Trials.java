package dev.nabla.bench.compare;

import java.util.Arrays;

/**
 * The timing loops every framework shares, so that only the work inside differs: a training loop
 * timed per epoch (mlp) or per image (cnn), a call timed one by one (tiny), a fixed piece of work
 * timed as a whole (sgemm, lstm, transformer).
 */
final class Trials {
    private Trials() {}

    static void closeAll(AutoCloseable c) {
        try {
            if (c != null) c.close();
        } catch (Exception e) {
            throw new IllegalStateException("compare: closing " + c + " failed", e);
        }
    }

    /** One training step on a batch; returns the batch loss (read back, so asynchronous engines finish the step). */
    interface Stepper extends AutoCloseable {
        float step(FashionData.Batch b);

        @Override default void close() {}
    }

    /** How many batches the mlp's quick mode times per sample (and warms up with); a full epoch is 469. */
    static final int QUICK_BATCHES = 60;

    /**
     * Seconds per epoch of {@code stepper} at batch 128: a full mode warm-up of one epoch, then one
     * epoch per sample (epochs 2..N of BENCHMARKS.md). Quick mode warms up and times
     * {@value #QUICK_BATCHES} batches and scales to an epoch of 60,000 images.
     */
    static Trial perEpoch(FashionData data, boolean quick, long seed, Stepper stepper) {
        FashionData.Batches batches = data.new Batches(128, seed);
        int timed = quick ? QUICK_BATCHES : batches.perEpoch();
        return new Trial() {
            float last = Float.NaN;

            @Override public void warmUp() { for (int i = 0; i < timed; i++) last = stepper.step(batches.next()); }

            @Override public double sample() {
                long t0 = System.nanoTime();
                int images = 0;
                for (int i = 0; i < timed; i++) {
                    FashionData.Batch b = batches.next();
                    images += b.n();
                    last = stepper.step(b);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                return s * data.size / images;
            }

            @Override public String note() { return String.format(java.util.Locale.ROOT, "last loss %.3f", last); }

            @Override public void close() { closeAll(stepper); }
        };
    }

    /** Images per second of {@code stepper} at batch 128 over {@code perSample} batches, after {@code warmup} batches. */
    static Trial imagesPerSecond(FashionData data, int warmup, int perSample, long seed, Stepper stepper) {
        FashionData.Batches batches = data.new Batches(128, seed);
        return new Trial() {
            float last = Float.NaN;

            @Override public void warmUp() { for (int i = 0; i < warmup; i++) last = stepper.step(batches.next()); }

            @Override public double sample() {
                FashionData.Batch[] bs = new FashionData.Batch[perSample];
                for (int i = 0; i < perSample; i++) bs[i] = batches.next(); // gathered outside the clock: data is "in memory"
                int images = 0;
                long t0 = System.nanoTime();
                for (FashionData.Batch b : bs) {
                    images += b.n();
                    last = stepper.step(b);
                }
                return images / ((System.nanoTime() - t0) / 1e9);
            }

            @Override public String note() { return String.format(java.util.Locale.ROOT, "last loss %.3f", last); }

            @Override public void close() { closeAll(stepper); }
        };
    }

    /**
     * Microseconds per call of {@code call}: {@code warmup} calls, then each sample is the median of
     * {@code perSample} calls timed one by one (the median ignores the odd GC pause or preemption).
     */
    static Trial microsPerCall(int warmup, int perSample, Runnable call, AutoCloseable resources) {
        return new Trial() {
            @Override public void warmUp() { for (int i = 0; i < warmup; i++) call.run(); }

            @Override public double sample() {
                long[] ns = new long[perSample];
                for (int i = 0; i < perSample; i++) {
                    long t0 = System.nanoTime();
                    call.run();
                    ns[i] = System.nanoTime() - t0;
                }
                Arrays.sort(ns);
                return ns[perSample / 2] / 1e3;
            }

            @Override public void close() { closeAll(resources); }
        };
    }

    /** {@code calls} runs of {@code work} timed together, converted by {@code figure(seconds per call)}. */
    static Trial timed(int warmup, int calls, Runnable work, java.util.function.DoubleUnaryOperator figure, AutoCloseable resources) {
        return new Trial() {
            @Override public void warmUp() { for (int i = 0; i < warmup; i++) work.run(); }

            @Override public double sample() {
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) work.run();
                return figure.applyAsDouble((System.nanoTime() - t0) / 1e9 / calls);
            }

            @Override public void close() { closeAll(resources); }
        };
    }
}
