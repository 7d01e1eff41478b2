package dev.nabla.bench;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.Example;
import dev.nabla.data.catalog.DatasetNotFoundException;
import dev.nabla.data.catalog.FashionMNIST;
import dev.nabla.data.catalog.LoadOptions;
import dev.nabla.data.catalog.Split;
import dev.nabla.data.transforms.HorizontalFlip;
import dev.nabla.data.transforms.Normalize;
import dev.nabla.data.transforms.RandomCrop;
import dev.nabla.data.transforms.Transforms;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code nabla bench loader}: DataLoader throughput on Fashion-MNIST (training split; the bundled
 * 2,000-image subset if the real files are absent) with a normalize + random-crop + flip pipeline, at
 * 0, 1 and 2 workers. Each run is one full shuffled epoch, batch 128, every batch touched, after a
 * JIT warm-up of up to 10 epochs (8 s) and one more epoch per worker count.
 * Options: {@code --runs N} (default 5), {@code --batch N}, {@code --workers 0,1,2}, {@code --subset}.
 */
public final class LoaderBench {
    private LoaderBench() {}

    public static void main(String[] args) { run(System.out, args); }

    public static void run(PrintStream out, String[] args) {
        int runs = 5, batch = 128;
        int[] workers = {0, 1, 2};
        boolean subset = false;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--runs" -> runs = Integer.parseInt(args[++k]);
                case "--batch" -> batch = Integer.parseInt(args[++k]);
                case "--workers" -> workers = Arrays.stream(args[++k].split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
                case "--subset" -> subset = true;
                default -> throw new IllegalArgumentException("bench loader: unknown option '" + args[k] + "' (valid: --runs N, --batch N, --workers 0,1,2, --subset)");
            }
        }
        Dataset<Example> train;
        String source;
        if (subset) {
            train = FashionMNIST.subset(Split.TRAIN);
            source = "bundled subset";
        } else {
            try {
                train = FashionMNIST.load(Split.TRAIN, LoadOptions.defaults().withDownload(false), out);
                source = "full training set";
            } catch (DatasetNotFoundException e) {
                train = FashionMNIST.subset(Split.TRAIN);
                source = "bundled subset (real files not found)";
            }
        }
        Dataset<Example> augmented = train.augment(1, Transforms.onInput(Transforms.compose(
                new Normalize(FashionMNIST.MEAN, FashionMNIST.STD), new RandomCrop(28, 4), new HorizontalFlip(0.5))));
        out.printf("loader: Fashion-MNIST %s, %d images, batch %d, normalize + random-crop(28, pad 4) + flip, shuffled; %d cores%n",
                source, train.size(), batch, Runtime.getRuntime().availableProcessors());
        // Steady state is what training sees. On a busy 2-core machine the JIT needs ~10 epochs (5-10 s) to finish
        // compiling the pipeline; without this the first worker count measured would look 2-3x slower.
        DataLoader<Example, Batch> warm = DataLoader.of(augmented).batchSize(batch).shuffle(true).seed(3).build();
        long t = System.nanoTime();
        for (int k = 0; k < 10 && System.nanoTime() - t < 8_000_000_000L; k++) epoch(warm);
        for (int w : workers) {
            DataLoader<Example, Batch> loader = DataLoader.of(augmented).batchSize(batch).shuffle(true).seed(7).workers(w).build();
            epoch(loader); // warm-up for this worker count (threads, caches)
            double[] rates = new double[runs];
            long total = 0, c0 = cpuNanos(); // process CPU time ticks coarsely (10 ms), so it is taken over all runs
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                long images = epoch(loader);
                rates[r] = images / ((System.nanoTime() - t0) / 1e9);
                total += images;
            }
            double cpuRate = total / ((cpuNanos() - c0) / 1e9);
            Arrays.sort(rates);
            // Wall-clock rate is what training sees; the per-CPU-second rate tells the loader's cost apart from
            // time lost to other processes on a shared machine.
            out.printf("loader workers=%d images/s=%.0f (median of %d, %.0f..%.0f; %.0f images per process CPU-second)%n",
                    w, rates[runs / 2], runs, rates[0], rates[runs - 1], cpuRate);
        }
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : System.nanoTime();
    }

    /** One epoch; reads one value per batch so nothing can be optimized away. */
    private static long epoch(DataLoader<Example, Batch> loader) {
        long n = 0;
        double sink = 0;
        for (Batch b : loader) {
            n += b.size();
            sink += b.inputs().storage().floats()[0] + b.targets().storage().longs()[0];
        }
        if (Double.isNaN(sink)) throw new IllegalStateException("loader bench: NaN in a batch");
        return n;
    }
}
