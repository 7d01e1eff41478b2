package dev.nabla.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A list of sub-modules that are discovered like fields (named "0", "1", ...); it has no forward of its own. */
public class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> items;

    @SafeVarargs
    public ModuleList(M... items) { this.items = new ArrayList<>(List.of(items)); }

    public ModuleList(List<? extends M> items) { this.items = new ArrayList<>(items); }

    public ModuleList<M> add(M m) { items.add(m); return this; }

    public M get(int i) { return items.get(i); }

    public int size() { return items.size(); }

    @Override protected String childName(String field, String key) { return key; }

    @Override public Iterator<M> iterator() { return items.iterator(); }
}
