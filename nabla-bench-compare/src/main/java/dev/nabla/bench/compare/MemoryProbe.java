package dev.nabla.bench.compare;

import dev.nabla.data.catalog.Split;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code memory} workload's child process: reads Fashion-MNIST, runs the {@code cnn} workload of one
 * framework exactly as {@link Compare} times it (warm-up, then the samples), and prints
 * {@code peak-rss-mib <value>}: the process's peak resident set (VmHWM), Java heap and native memory alike.
 * Args: {@code nabla | pytorch | tensorflow} and optionally {@code --quick}.
 */
public final class MemoryProbe {
    /** The line prefix the parent waits for. */
    public static final String MARK = "peak-rss-mib ";

    private MemoryProbe() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--quick")))
            throw new IllegalArgumentException("MemoryProbe: expected a framework name (nabla, pytorch, tensorflow) and optionally --quick, got "
                    + String.join(" ", args));
        boolean quick = args.length == 2;
        Compare.setUpThreads();
        Framework f = Compare.framework(args[0]);
        FashionData data = FashionData.load(Split.TRAIN, new PrintStream(PrintStream.nullOutputStream()));
        String note;
        try (Trial t = f.open(Workload.CNN, new Framework.Setup(data, quick))) {
            t.warmUp();
            for (int r = 0; r < Compare.repeats(Workload.CNN, quick); r++) t.sample();
            note = t.note();
        }
        double mib = peakRssKib(Path.of("/proc/self/status")) / 1024.0;
        System.out.println(String.format(Locale.ROOT, "%s%.1f %s", MARK, mib, note));
        System.out.flush();
        Runtime.getRuntime().halt(0); // skip the peers' native teardown
    }

    /** The VmHWM line of a Linux {@code /proc/PID/status} file, in KiB. */
    static long peakRssKib(Path status) {
        try {
            for (String line : Files.readAllLines(status))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.substring(6).trim().replace(" kB", "").trim());
        } catch (IOException e) {
            throw new UncheckedIOException("memory: cannot read " + status + " (the memory row needs Linux's /proc): " + e.getMessage(), e);
        }
        throw new IllegalStateException("memory: " + status + " has no VmHWM line (the memory row needs Linux's /proc)");
    }
}
