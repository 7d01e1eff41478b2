package dev.nabla.train.metrics;

/** Macro-averaged recall over all classes ({@link #result()}) and per class ({@link #perClass()}), from streamed counts. */
public final class Recall extends ConfusionMatrix {
    public Recall(int classes) { super(classes); }

    @Override public String name() { return "recall"; }

    @Override public boolean scalar() { return true; }

    @Override public double result() { return macro(this::recallOf); }

    /** The recall of each class; 0 where it is undefined. */
    public double[] perClass() {
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) out[c] = recallOf(c);
        return out;
    }
}
