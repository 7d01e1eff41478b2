package dev.nabla.train.callbacks;

import dev.nabla.train.History;
import dev.nabla.train.Model;

import java.util.Map;

/**
 * Hooks into {@link Model#fit}. Every method has an empty default; epochs are numbered from 1
 * (after {@code onEpochEnd(m, e, logs)}, {@code m.epoch() == e}).
 */
public interface Callback {
    default void onTrainBegin(Model model) {}

    default void onEpochBegin(Model model, int epoch) {}

    /** After the gradients of a batch are computed and before the optimizer step (e.g. gradient clipping). */
    default void afterBackward(Model model) {}

    /** After the optimizer step of batch {@code batch} (0-based) of {@code size} samples with loss {@code loss}. */
    default void onBatchEnd(Model model, int batch, int size, double loss) {}

    /** After training and validation of an epoch; {@code logs} holds loss, metrics, val_*, lr. */
    default void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {}

    default void onTrainEnd(Model model, History history) {}
}
