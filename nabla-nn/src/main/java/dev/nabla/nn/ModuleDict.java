package dev.nabla.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sub-modules by name, kept in insertion order; it has no forward of its own. */
public class ModuleDict<M extends Module> extends Module {
    private final Map<String, M> items = new LinkedHashMap<>();

    public ModuleDict() {}

    public ModuleDict(Map<String, ? extends M> items) { this.items.putAll(items); }

    public ModuleDict<M> put(String name, M m) { items.put(name, m); return this; }

    public M get(String name) { return items.get(name); }

    public int size() { return items.size(); }

    @Override protected String childName(String field, String key) { return key; }
}
