package dev.nabla.train.callbacks;

import dev.nabla.train.Model;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Shows training progress. On a terminal: one bar per epoch redrawn in place ({@code \r}) with
 * batches done, ETA, running loss and metrics and samples per second, at most ten times a second.
 * Otherwise (a pipe, a log file, CI): one plain line per epoch, plus a plain progress line every
 * 30 seconds within long epochs.
 */
public final class ProgressBar implements Callback {
    private static final int WIDTH = 24;
    private static final long PLAIN_INTERVAL = 30_000_000_000L;
    private final PrintStream out;
    private final boolean terminal;
    private long epochStart, lastDraw, samples;
    private int epoch, batchesDone;

    /** Writes to standard output, with a bar when it is a terminal. */
    public ProgressBar() { this(System.out, isTerminal()); }

    public ProgressBar(PrintStream out, boolean terminal) { this.out = out; this.terminal = terminal; }

    /** True when standard output is an interactive terminal. */
    public static boolean isTerminal() {
        var c = System.console();
        return c != null && c.isTerminal();
    }

    @Override public void onEpochBegin(Model model, int epoch) {
        this.epoch = epoch;
        epochStart = System.nanoTime();
        lastDraw = 0;
        samples = 0;
        batchesDone = 0;
    }

    @Override public void onBatchEnd(Model model, int batch, int size, double loss) {
        batchesDone = batch + 1;
        samples += size;
        long now = System.nanoTime();
        if (!terminal) {
            if (now - Math.max(lastDraw, epochStart) < PLAIN_INTERVAL) return;
            lastDraw = now;
            out.println(line(model, model.runningLogs(), now, false));
            out.flush();
            return;
        }
        if (now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        out.print("\r" + line(model, model.runningLogs(), now, false) + "\u001b[K");
        out.flush();
    }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        String l = line(model, logs, System.nanoTime(), true);
        out.print(terminal ? "\r" + l + "\u001b[K\n" : l + "\n");
        out.flush();
    }

    private String line(Model model, Map<String, Double> logs, long now, boolean done) {
        double secs = (now - epochStart) / 1e9;
        int total = model.trainingData() == null ? -1 : model.trainingData().batchCount();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %d/%d ", epoch, model.targetEpochs()));
        if (terminal && total > 0) {
            int filled = (int) ((long) WIDTH * batchesDone / total);
            sb.append('[').append("=".repeat(filled)).append(filled < WIDTH ? ">" : "").append(".".repeat(Math.max(0, WIDTH - filled - 1))).append("] ");
        }
        sb.append(batchesDone).append(total > 0 ? "/" + total : "").append(' ');
        if (!done && total > 0 && batchesDone > 0)
            sb.append("ETA ").append(clock(secs / batchesDone * (total - batchesDone))).append(' ');
        else sb.append(String.format(Locale.ROOT, "%.1fs ", secs));
        for (var e : logs.entrySet()) {
            if (e.getKey().equals("seconds")) continue;
            String fmt = e.getKey().equals("lr") ? "%s %.3g " : "%s %.4f ";
            sb.append(String.format(Locale.ROOT, fmt, e.getKey(), e.getValue()));
        }
        if (secs > 0) sb.append(String.format(Locale.ROOT, "%.0f samples/s", samples / secs));
        return sb.toString().stripTrailing();
    }

    private static String clock(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format("%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String.format("%d:%02d", t / 60, t % 60);
    }
}
