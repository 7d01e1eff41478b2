package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Runs its layers in order, feeding each one's output to the next. Children are named "0", "1", ... */
public class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) { this.layers = new ArrayList<>(List.of(layers)); }

    public Sequential(List<? extends Module> layers) { this.layers = new ArrayList<>(layers); }

    public Sequential add(Module m) { layers.add(m); return this; }

    public Module get(int i) { return layers.get(i); }

    public int size() { return layers.size(); }

    public List<Module> layers() { return List.copyOf(layers); }

    @Override protected String childName(String field, String key) { return key; }

    @Override public Tensor forward(Tensor x) {
        for (Module m : layers) x = m.call(x);
        return x;
    }
}
