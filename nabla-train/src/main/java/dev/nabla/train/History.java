package dev.nabla.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Per-epoch logs of a {@link Model#fit} run: {@code loss}, metrics, {@code val_*}, {@code lr}, {@code seconds}. */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();
    private final List<Integer> numbers = new ArrayList<>();

    void add(int epoch, Map<String, Double> logs) {
        numbers.add(epoch);
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    /** Number of epochs recorded. */
    public int size() { return epochs.size(); }

    /** The 1-based epoch numbers recorded (after a resume they start past 1). */
    public List<Integer> epochNumbers() { return List.copyOf(numbers); }

    /** Logs of the i-th recorded epoch (0-based index). */
    public Map<String, Double> epoch(int i) { return epochs.get(i); }

    public Map<String, Double> last() {
        if (epochs.isEmpty()) throw new IllegalStateException("History is empty: no epoch has finished");
        return epochs.getLast();
    }

    /** One value per epoch (NaN where the key was not logged). */
    public double[] get(String key) {
        if (!keys().contains(key)) throw new IllegalArgumentException("History has no '" + key + "' (has " + keys() + ")");
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) out[i] = epochs.get(i).getOrDefault(key, Double.NaN);
        return out;
    }

    public Set<String> keys() {
        Set<String> k = new LinkedHashSet<>();
        for (Map<String, Double> e : epochs) k.addAll(e.keySet());
        return k;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < epochs.size(); i++) sb.append("epoch ").append(numbers.get(i)).append(' ').append(epochs.get(i)).append('\n');
        return sb.toString();
    }
}
