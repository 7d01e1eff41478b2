package dev.nabla.bench.compare;

import dev.nabla.data.catalog.Split;

import java.io.PrintStream;

/**
 * The {@code startup} workload's child process: reads Fashion-MNIST, builds the CNN in one
 * framework, trains one batch and prints {@code first-loss <value>}. {@link Compare} times from
 * launching this JVM to that line. Args: {@code nabla | pytorch | tensorflow}.
 */
public final class StartupProbe {
    /** The line prefix the parent waits for. */
    public static final String MARK = "first-loss ";

    private StartupProbe() {}

    public static void main(String[] args) {
        if (args.length != 1) throw new IllegalArgumentException("StartupProbe: expected one framework name (nabla, pytorch, tensorflow), got " + args.length + " args");
        long t0 = System.nanoTime();
        Framework f = Compare.framework(args[0]);
        FashionData data = FashionData.load(Split.TRAIN, new PrintStream(PrintStream.nullOutputStream()));
        long t1 = System.nanoTime();
        float loss = f.firstCnnLoss(data);
        long t2 = System.nanoTime();
        // where the time went, for PERFORMANCE.md; the parent skips lines before the mark
        System.out.printf("phases: JVM start to main %d ms, read data %d ms, build + first batch %d ms%n",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() - (t2 - t0) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        System.out.println(MARK + loss);
        System.out.flush();
        Runtime.getRuntime().halt(0); // the measurement ends at the line; skip native teardown
    }
}
