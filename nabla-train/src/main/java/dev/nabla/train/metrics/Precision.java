package dev.nabla.train.metrics;

/** Macro-averaged precision over all classes ({@link #result()}) and per class ({@link #perClass()}), from streamed counts. */
public final class Precision extends ConfusionMatrix {
    public Precision(int classes) { super(classes); }

    @Override public String name() { return "precision"; }

    @Override public boolean scalar() { return true; }

    @Override public double result() { return macro(this::precisionOf); }

    /** The precision of each class; 0 where it is undefined. */
    public double[] perClass() {
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) out[c] = precisionOf(c);
        return out;
    }
}
