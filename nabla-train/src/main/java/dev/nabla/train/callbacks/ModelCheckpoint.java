package dev.nabla.train.callbacks;

import dev.nabla.train.Model;

import java.nio.file.Path;
import java.util.Map;

/**
 * Saves checkpoints during training (atomically, see {@link Model#save}): whenever the monitored
 * quantity improves ({@link #best}) or every N epochs ({@link #every}). A {@code {epoch}} in the
 * file name is replaced by the epoch number.
 */
public final class ModelCheckpoint implements Callback {
    private final String pattern;
    private final Monitor monitor;
    private final int every;
    private Path lastSaved;
    private int saves;

    private ModelCheckpoint(Path path, Monitor monitor, int every) {
        this.pattern = path.toString();
        this.monitor = monitor;
        this.every = every;
    }

    /** Saves to {@code path} each time {@code monitor} improves. */
    public static ModelCheckpoint best(Path path, String monitor) { return new ModelCheckpoint(path, new Monitor(monitor, 0), 0); }

    /** Saves to {@code path} after every {@code n}-th epoch (and a {@code {epoch}} pattern keeps them all). */
    public static ModelCheckpoint every(Path path, int n) {
        if (n < 1) throw new IllegalArgumentException("ModelCheckpoint.every: n must be >= 1, got " + n);
        return new ModelCheckpoint(path, null, n);
    }

    @Override public void onTrainBegin(Model model) { if (monitor != null) monitor.reset(); }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        boolean save = monitor != null ? monitor.improved(monitor.value(logs, "ModelCheckpoint")) : epoch % every == 0;
        if (!save) return;
        lastSaved = Path.of(pattern.replace("{epoch}", Integer.toString(epoch)));
        model.save(lastSaved, logs);
        saves++;
    }

    /** The last file written (null if none). */
    public Path lastSaved() { return lastSaved; }

    public int saveCount() { return saves; }
}
