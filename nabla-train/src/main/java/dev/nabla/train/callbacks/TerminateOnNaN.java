package dev.nabla.train.callbacks;

import dev.nabla.train.Model;

import java.io.PrintStream;

/** Stops training at the first batch whose loss is NaN or infinite, and says so. */
public final class TerminateOnNaN implements Callback {
    private final PrintStream out;
    private int badBatch = -1;

    public TerminateOnNaN() { this(System.err); }

    public TerminateOnNaN(PrintStream out) { this.out = out; }

    @Override public void onBatchEnd(Model model, int batch, int size, double loss) {
        if (Double.isFinite(loss) || badBatch >= 0) return;
        badBatch = batch;
        out.println("TerminateOnNaN: loss is " + loss + " at batch " + batch + " of epoch " + (model.epoch() + 1) + "; stopping training");
        model.stopTraining();
    }

    /** The batch at which training was stopped, or -1. */
    public int badBatch() { return badBatch; }
}
