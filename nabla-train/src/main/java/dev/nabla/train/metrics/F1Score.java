package dev.nabla.train.metrics;

/** Macro-averaged f1 over all classes ({@link #result()}) and per class ({@link #perClass()}), from streamed counts. */
public final class F1Score extends ConfusionMatrix {
    public F1Score(int classes) { super(classes); }

    @Override public String name() { return "f1"; }

    @Override public boolean scalar() { return true; }

    @Override public double result() { return macro(this::f1Of); }

    /** The f1 of each class; 0 where it is undefined. */
    public double[] perClass() {
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) out[c] = f1Of(c);
        return out;
    }
}
