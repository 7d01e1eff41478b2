package dev.nabla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code nabla train} runs: model, data, optimizer, schedule, epochs, batch size, seed and
 * output directory. Written as YAML or JSON; a built-in recipe is the same thing in code.
 *
 * <pre>
 * name: my-cnn
 * model: {type: cnn, channels: [32, 64], hidden: 512, dropout: 0.25}
 * data: {type: fashion-mnist}
 * optimizer: {type: Adam, lr: 0.001}
 * schedule: {type: cosine, min_lr: 0.00001}
 * epochs: 5
 * batch_size: 128
 * seed: 42
 * output: runs/my-cnn
 * </pre>
 */
public record RunConfig(String name, Map<String, Object> model, Map<String, Object> data, Map<String, Object> optimizer,
                        Map<String, Object> schedule, int epochs, int batchSize, long seed, String output) {
    static final Set<String> KEYS = Set.of("name", "model", "data", "optimizer", "schedule", "epochs", "batch_size", "seed", "output");

    public RunConfig {
        if (epochs < 0) throw new IllegalArgumentException("config: epochs must be >= 0, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("config: batch_size must be >= 1, got " + batchSize);
        if (model == null || model.get("type") == null) throw new IllegalArgumentException("config: 'model' needs a 'type' (mlp, cnn, char-lstm)");
        if (data == null || data.get("type") == null) throw new IllegalArgumentException("config: 'data' needs a 'type' (fashion-mnist, fashion-mnist-subset, text)");
    }

    /** Reads a .yaml/.yml or .json file. */
    public static RunConfig load(Path file) {
        String n = file.getFileName().toString().toLowerCase();
        ObjectMapper mapper = n.endsWith(".yaml") || n.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        try {
            @SuppressWarnings("unchecked") Map<String, Object> m = mapper.readValue(Files.readString(file), Map.class);
            if (m == null) throw new IllegalArgumentException("config " + file + " is empty");
            return fromMap(m, file.toString());
        } catch (IOException e) {
            if (!Files.exists(file)) throw new IllegalArgumentException("config file " + file + " does not exist");
            throw new IllegalArgumentException("config " + file + " could not be parsed: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static RunConfig fromMap(Map<String, Object> m, String where) {
        for (String k : m.keySet())
            if (!KEYS.contains(k)) throw new IllegalArgumentException("config " + where + ": unknown key '" + k + "' (valid: " + KEYS + ")");
        return new RunConfig(String.valueOf(m.getOrDefault("name", "run")), section(m, "model", where), section(m, "data", where),
                section(m, "optimizer", where), m.get("schedule") == null ? Map.of() : section(m, "schedule", where),
                intOf(m.getOrDefault("epochs", 5), "epochs"), intOf(m.getOrDefault("batch_size", 128), "batch_size"),
                ((Number) m.getOrDefault("seed", 0)).longValue(), (String) m.get("output"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v instanceof String s) return new LinkedHashMap<>(Map.of("type", s)); // "model: cnn" is short for {type: cnn}
        if (v instanceof Map<?, ?> mm) return new LinkedHashMap<>((Map<String, Object>) mm);
        if (v == null && key.equals("optimizer")) return new LinkedHashMap<>(Map.of("type", "Adam", "lr", 1e-3));
        throw new IllegalArgumentException("config " + where + ": '" + key + "' must be a name or a map, got " + v);
    }

    private static int intOf(Object v, String key) {
        if (v instanceof Number n && n.doubleValue() == n.intValue()) return n.intValue();
        throw new IllegalArgumentException("config: '" + key + "' must be an integer, got " + v);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("model", model);
        m.put("data", data);
        m.put("optimizer", optimizer);
        if (!schedule.isEmpty()) m.put("schedule", schedule);
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("seed", seed);
        if (output != null) m.put("output", output);
        return m;
    }

    public RunConfig withEpochs(int e) { return new RunConfig(name, model, data, optimizer, schedule, e, batchSize, seed, output); }
    public RunConfig withBatchSize(int b) { return new RunConfig(name, model, data, optimizer, schedule, epochs, b, seed, output); }
    public RunConfig withSeed(long s) { return new RunConfig(name, model, data, optimizer, schedule, epochs, batchSize, s, output); }
    public RunConfig withOutput(String o) { return new RunConfig(name, model, data, optimizer, schedule, epochs, batchSize, seed, o); }

    public RunConfig withLr(double lr) {
        Map<String, Object> o = new LinkedHashMap<>(optimizer);
        o.put("lr", lr);
        return new RunConfig(name, model, data, o, schedule, epochs, batchSize, seed, output);
    }

    public RunConfig withData(String key, Object value) {
        Map<String, Object> d = new LinkedHashMap<>(data);
        d.put(key, value);
        return new RunConfig(name, model, d, optimizer, schedule, epochs, batchSize, seed, output);
    }

    static double num(Map<String, Object> m, String key, double dflt) {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("config: '" + key + "' must be a number, got " + v);
    }

    static int integer(Map<String, Object> m, String key, int dflt) { return (int) num(m, key, dflt); }

    static int[] ints(Map<String, Object> m, String key, int... dflt) {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return new int[]{n.intValue()};
        if (v instanceof List<?> l) return l.stream().mapToInt(x -> ((Number) x).intValue()).toArray();
        throw new IllegalArgumentException("config: '" + key + "' must be a list of integers, got " + v);
    }

    static String str(Map<String, Object> m, String key, String dflt) {
        Object v = m.get(key);
        return v == null ? dflt : v.toString();
    }
}
