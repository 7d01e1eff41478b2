package dev.nabla.data;

import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a list of items into one batch. The built-in collators copy every item straight into one
 * freshly allocated array of the batch's shape (no stacking of small tensors), and name the item
 * position and shapes when items disagree.
 *
 * @param <T> item type
 * @param <B> batch type
 */
@FunctionalInterface
public interface Collate<T, B> {
    B collate(List<T> items);

    /** {@link Example}s to a {@link Batch}: inputs [N, ...]; scalar integer targets become [N] int64, others [N, ...]. */
    static Collate<Example, Batch> examples() {
        return items -> {
            Tensor inputs = Stacking.stack(items, Example::input, "input");
            Tensor targets = Stacking.stackTargets(items);
            return new Batch(inputs, targets);
        };
    }

    /** Tensors of one shape to a tensor [N, ...shape]. */
    static Collate<Tensor, Tensor> stack() { return items -> Stacking.stack(items, t -> t, "item"); }

    /** Tuples (arrays) of tensors to a tuple of stacked tensors, position by position. */
    static Collate<Tensor[], Tensor[]> tuples() {
        return items -> {
            if (items.isEmpty()) throw new IllegalArgumentException("Collate.tuples: empty batch");
            int arity = items.get(0).length;
            for (int k = 0; k < items.size(); k++)
                if (items.get(k).length != arity)
                    throw new IllegalArgumentException("Collate.tuples: item " + k + " has " + items.get(k).length + " tensors but item 0 has " + arity);
            Tensor[] out = new Tensor[arity];
            for (int j = 0; j < arity; j++) {
                final int jj = j;
                out[j] = Stacking.stack(items, t -> t[jj], "tuple element " + j);
            }
            return out;
        };
    }

    /** Maps of tensors (same keys) to a map of stacked tensors, keys in item 0's order. */
    static Collate<Map<String, Tensor>, Map<String, Tensor>> maps() {
        return items -> {
            if (items.isEmpty()) throw new IllegalArgumentException("Collate.maps: empty batch");
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int k = 0; k < items.size(); k++)
                if (!items.get(k).keySet().equals(items.get(0).keySet()))
                    throw new IllegalArgumentException("Collate.maps: item " + k + " has keys " + items.get(k).keySet() + " but item 0 has " + items.get(0).keySet());
            for (String key : items.get(0).keySet()) out.put(key, Stacking.stack(items, m -> m.get(key), "key '" + key + "'"));
            return out;
        };
    }

    /**
     * Variable-length sequences [L_i, ...] to [N, max L_i, ...], the tail filled with {@code padValue}.
     * Use {@link #paddedExamples} to keep the lengths.
     */
    static Collate<Tensor, Tensor> padded(double padValue) {
        return items -> Stacking.pad(items, t -> t, padValue, "item");
    }

    /**
     * Examples whose inputs (and, if not scalar, targets) are sequences [L_i, ...] of varying length:
     * inputs padded with {@code inputPad}, sequence targets with {@code targetPad} (e.g. -100 to be
     * ignored by the loss), and {@link Batch#lengths()} = the L_i as int64.
     */
    static Collate<Example, Batch> paddedExamples(double inputPad, double targetPad) {
        return items -> {
            Tensor inputs = Stacking.pad(items, Example::input, inputPad, "input");
            boolean scalarTargets = items.get(0).target().dim() == 0;
            Tensor targets = scalarTargets ? Stacking.stackTargets(items) : Stacking.pad(items, Example::target, targetPad, "target");
            long[] lengths = new long[items.size()];
            for (int k = 0; k < lengths.length; k++) {
                Tensor in = items.get(k).input();
                if (in.dim() == 0) throw new IllegalArgumentException("Collate.paddedExamples: input of item " + k + " is a scalar; need a sequence [L, ...]");
                lengths[k] = in.size(0);
            }
            return new Batch(inputs, targets, Tensor.of(lengths, lengths.length));
        };
    }
}
