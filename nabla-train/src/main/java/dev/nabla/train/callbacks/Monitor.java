package dev.nabla.train.callbacks;

import java.util.Map;

/** Tracks the best value of one logged quantity; shared by early stopping, checkpoints and plateau detection. */
final class Monitor {
    final String key;
    final boolean maximize;
    final double minDelta;
    double best;

    Monitor(String key, double minDelta) {
        this.key = key;
        // accuracy-like quantities grow when things improve; losses and errors shrink
        String k = key.startsWith("val_") ? key.substring(4) : key;
        this.maximize = k.contains("acc") || k.equals("auc") || k.equals("f1") || k.equals("precision") || k.equals("recall") || k.equals("r2");
        this.minDelta = Math.abs(minDelta);
        reset();
    }

    void reset() { best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY; }

    double value(Map<String, Double> logs, String who) {
        Double v = logs.get(key);
        if (v == null) throw new IllegalArgumentException(who + ": monitored quantity '" + key + "' is not in the logs " + logs.keySet()
                + (key.startsWith("val_") ? " (was validation data passed to fit?)" : ""));
        return v;
    }

    /** True (and remembers it) when {@code v} beats the best by more than minDelta. */
    boolean improved(double v) {
        if (Double.isNaN(v)) return false;
        boolean better = maximize ? v > best + minDelta : v < best - minDelta;
        if (better) best = v;
        return better;
    }
}
