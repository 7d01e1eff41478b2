package dev.nabla.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built-in recipes: complete run configs selected by name ({@code nabla train fashion-cnn}). */
public final class Recipes {
    private Recipes() {}

    public static final List<String> NAMES = List.of("fashion-mlp", "fashion-cnn", "char-lstm");

    public static boolean exists(String name) { return NAMES.contains(name); }

    public static RunConfig get(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        switch (name) {
            case "fashion-mlp" -> {
                // 784-512-256-10 as in the mlp benchmark; Adam on standardized pixels reaches ~0.88-0.89 in 5 epochs
                m.put("model", map("type", "mlp", "hidden", List.of(512, 256), "dropout", 0.2));
                m.put("data", map("type", "fashion-mnist", "normalize", true));
                m.put("optimizer", map("type", "Adam", "lr", 1e-3));
                m.put("schedule", map("type", "cosine", "min_lr", 1e-5));
                m.put("epochs", 5);
                m.put("batch_size", 128);
            }
            case "fashion-cnn" -> {
                // the cnn benchmark network (conv 5x5 32 → pool → conv 5x5 64 → pool → 512 → 10, Adam 1e-3, batch 128)
                // plus dropout before the classifier and a cosine decay, for >= 0.91 test accuracy in 5 epochs
                m.put("model", map("type", "cnn", "channels", List.of(32, 64), "kernel", 5, "hidden", 512, "dropout", 0.3));
                m.put("data", map("type", "fashion-mnist", "normalize", true));
                m.put("optimizer", map("type", "Adam", "lr", 1e-3));
                m.put("schedule", map("type", "cosine", "min_lr", 1e-5));
                m.put("epochs", 5);
                m.put("batch_size", 128);
            }
            case "char-lstm" -> {
                m.put("model", map("type", "char-lstm", "embedding", 64, "hidden", 256, "layers", 1));
                m.put("data", map("type", "text", "seq_len", 64, "validation_fraction", 0.1));
                m.put("optimizer", map("type", "Adam", "lr", 3e-3));
                m.put("schedule", map("type", "cosine", "min_lr", 3e-4));
                m.put("epochs", 3);
                m.put("batch_size", 32);
            }
            default -> throw new IllegalArgumentException("unknown recipe '" + name + "' (built-in: " + NAMES
                    + "; or give a .yaml/.json config file)");
        }
        m.put("seed", 42);
        return RunConfig.fromMap(m, "recipe " + name);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
