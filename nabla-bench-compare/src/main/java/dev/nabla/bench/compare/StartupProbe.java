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
        Framework f = Compare.framework(args[0]);
        FashionData data = FashionData.load(Split.TRAIN, new PrintStream(PrintStream.nullOutputStream()));
        float loss = f.firstCnnLoss(data);
        System.out.println(MARK + loss);
        System.out.flush();
        Runtime.getRuntime().halt(0); // the measurement ends at the line; skip native teardown
    }
}
