package dev.nabla.train;

import dev.nabla.autograd.GradMode;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.callbacks.Callback;
import dev.nabla.train.metrics.Metric;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras-style training around a {@link Module}: compile, fit, evaluate, predict, with callbacks,
 * streaming metrics and checkpoints that resume exactly.
 *
 * <pre>{@code
 * Model model = new Model(net).seed(42);
 * model.compile(new Adam(net.parameters(), 1e-3), Losses.crossEntropy(), new Accuracy());
 * History h = model.fit(Batches.of(xTrain, yTrain, 128, true), 5, Batches.of(xTest, yTest, 512, false),
 *                       new ProgressBar(), new EarlyStopping("val_loss", 2, true));
 * double acc = model.evaluate(Batches.of(xTest, yTest, 512, false)).get("accuracy");
 * }</pre>
 *
 * <p>Reproducibility: the model's generator ({@link #seed}) orders the batches; layers draw
 * initialization and dropout from the generator they were given or the default one
 * ({@link #manualSeed} seeds it). Same seeds, same machine and thread count: same weights.
 */
public class Model {
    private final Module module;
    private Optimizer optimizer;
    private Loss loss;
    private final List<Metric> metrics = new ArrayList<>();
    private final Generator rng = new Generator(0);
    private long seed;
    private int epoch;
    private boolean stopRequested;
    private Batches currentTrain;
    private int targetEpochs;
    private double runningLoss;
    private long runningSamples;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final Map<String, Object> provenance = new LinkedHashMap<>();

    public Model(Module module) {
        if (module == null) throw new IllegalArgumentException("Model: module is null");
        this.module = module;
    }

    /** Seeds the process-wide default generator (initialization, dropout, augmentation); call before building layers. */
    public static void manualSeed(long seed) { Generator.defaultGenerator().manualSeed(seed); }

    /** Seeds the generator that shuffles batches; recorded in checkpoints. */
    public Model seed(long seed) {
        this.seed = seed;
        rng.manualSeed(seed);
        provenance.put("seed", seed);
        return this;
    }

    /**
     * Sets the optimizer, loss and metrics.
     *
     * @param metrics computed on training batches and on validation data, logged under their names
     */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        if (optimizer == null || loss == null) throw new IllegalArgumentException("compile: optimizer and loss must not be null");
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics.clear();
        this.metrics.addAll(List.of(metrics));
        return this;
    }

    /** Sets only the loss and metrics, for a model that is evaluated but not trained (e.g. loaded from a checkpoint). */
    public Model compile(Loss loss, Metric... metrics) {
        if (loss == null) throw new IllegalArgumentException("compile: loss must not be null");
        this.loss = loss;
        this.metrics.clear();
        this.metrics.addAll(List.of(metrics));
        return this;
    }

    // ------------------------------------------------------------------ training

    /** Trains until {@link #epoch()} reaches {@code epochs} (so a resumed model runs only the remaining ones). */
    public History fit(Batches train, int epochs, Callback... callbacks) { return fit(train, epochs, null, callbacks); }

    /**
     * Trains until {@link #epoch()} reaches {@code epochs}, validating after each epoch when
     * {@code validation} is not null.
     */
    public History fit(Batches train, int epochs, Batches validation, Callback... callbacks) {
        if (optimizer == null || loss == null) throw new IllegalStateException("fit: call compile(optimizer, loss, metrics...) first");
        if (epochs < 0) throw new IllegalArgumentException("fit: epochs must be >= 0, got " + epochs);
        History history = new History();
        stopRequested = false;
        currentTrain = train;
        targetEpochs = epochs;
        List<Callback> cbs = List.of(callbacks);
        for (Callback c : cbs) c.onTrainBegin(this);
        while (epoch < epochs && !stopRequested) {
            int e = epoch + 1;
            for (Callback c : cbs) c.onEpochBegin(this, e);
            long t0 = System.nanoTime();
            Map<String, Double> logs = trainEpoch(train, e, cbs);
            if (validation != null && !stopRequested)
                for (var v : evaluate(validation).entrySet()) logs.put("val_" + v.getKey(), v.getValue());
            logs.put("lr", optimizer.lr());
            logs.put("seconds", (System.nanoTime() - t0) / 1e9);
            epoch = e;
            history.add(e, logs);
            for (Callback c : cbs) c.onEpochEnd(this, e, logs);
        }
        for (Callback c : cbs) c.onTrainEnd(this, history);
        currentTrain = null;
        return history;
    }

    private Map<String, Double> trainEpoch(Batches train, int e, List<Callback> cbs) {
        module.train();
        for (Metric m : metrics) m.reset();
        runningLoss = 0;
        runningSamples = 0;
        Iterator<Batch> it = train.epoch(e, rng);
        for (int b = 0; it.hasNext() && !stopRequested; b++) {
            Batch batch = it.next();
            optimizer.zeroGrad();
            Tensor out = module.forward(batch.input());
            Tensor l = loss.compute(out, batch.target());
            l.backward();
            for (Callback c : cbs) c.afterBackward(this);
            optimizer.step();
            double lv = l.item();
            int n = batch.size();
            runningLoss += lv * n;
            runningSamples += n;
            if (!metrics.isEmpty()) {
                try (var g = GradMode.noGrad()) {
                    Tensor o = out.detach();
                    for (Metric m : metrics) m.update(o, batch.target());
                }
            }
            for (Callback c : cbs) c.onBatchEnd(this, b, n, lv);
        }
        return runningLogs();
    }

    /** Loss and scalar metrics of the epoch so far (used by the progress bar; cheap to call). */
    public Map<String, Double> runningLogs() { return logs(runningLoss, runningSamples); }

    /** The mean loss {@code lossSum / samples} (NaN when empty) followed by the scalar metrics. */
    private Map<String, Double> logs(double lossSum, long samples) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", samples == 0 ? Double.NaN : lossSum / samples);
        for (Metric m : metrics) if (m.scalar()) logs.put(m.name(), m.result());
        return logs;
    }

    /**
     * Loss and metrics over {@code data}, in eval mode and without autograd; the module's
     * training flag is restored afterwards.
     */
    public Map<String, Double> evaluate(Batches data) {
        if (loss == null) throw new IllegalStateException("evaluate: call compile(optimizer, loss, metrics...) first");
        boolean wasTraining = module.isTraining();
        module.eval();
        for (Metric m : metrics) m.reset();
        double sum = 0;
        long count = 0;
        try (var g = GradMode.noGrad()) {
            Iterator<Batch> it = data.epoch(1, new Generator(0));
            while (it.hasNext()) {
                Batch b = it.next();
                Tensor out = module.forward(b.input());
                sum += loss.compute(out, b.target()).item() * b.size();
                count += b.size();
                for (Metric m : metrics) m.update(out, b.target());
            }
        } finally {
            module.train(wasTraining);
        }
        return logs(sum, count);
    }

    /** The module's output for {@code input} [N, ...] in eval mode, without autograd, {@code batchSize} rows at a time. */
    public Tensor predict(Tensor input, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("predict: batch size must be >= 1, got " + batchSize);
        boolean wasTraining = module.isTraining();
        module.eval();
        try (var g = GradMode.noGrad()) {
            int n = input.size(0);
            if (n <= batchSize) return module.forward(input);
            List<Tensor> parts = new ArrayList<>();
            for (int s = 0; s < n; s += batchSize) parts.add(module.forward(input.narrow(0, s, Math.min(batchSize, n - s))));
            return Tensor.cat(0, parts);
        } finally {
            module.train(wasTraining);
        }
    }

    public Tensor predict(Tensor input) { return predict(input, 256); }

    /** Outputs for every batch of {@code data}, concatenated along dim 0. */
    public Tensor predict(Batches data) {
        boolean wasTraining = module.isTraining();
        module.eval();
        List<Tensor> parts = new ArrayList<>();
        try (var g = GradMode.noGrad()) {
            Iterator<Batch> it = data.epoch(1, new Generator(0));
            while (it.hasNext()) parts.add(module.forward(it.next().input()));
        } finally {
            module.train(wasTraining);
        }
        return Tensor.cat(0, parts);
    }

    // ------------------------------------------------------------------ checkpoints

    /** Writes weights, optimizer state, epoch, RNG states, {@code metrics} and provenance atomically (safetensors). */
    public void save(Path path, Map<String, Double> metrics) { Checkpoint.save(path, this, metrics); }

    public void save(Path path) { Checkpoint.save(path, this, Map.of()); }

    /** Restores a checkpoint written by {@link #save}; a following {@link #fit} continues exactly where it stopped. */
    public Model load(Path path) { Checkpoint.load(path, this); return this; }

    // ------------------------------------------------------------------ accessors

    public Module module() { return module; }

    public Optimizer optimizer() { return optimizer; }

    public Loss loss() { return loss; }

    public List<Metric> metrics() { return List.copyOf(metrics); }

    /** Epochs completed (restored by {@link #load}). */
    public int epoch() { return epoch; }

    void setEpoch(int e) { epoch = e; }

    /** The generator that shuffles batches. */
    public Generator generator() { return rng; }

    public long seedValue() { return seed; }

    /** Asks {@link #fit} to stop after the current batch. */
    public void stopTraining() { stopRequested = true; }

    public boolean stopRequested() { return stopRequested; }

    /** The training data of the running {@link #fit} (null outside fit); lets callbacks size a progress bar. */
    public Batches trainingData() { return currentTrain; }

    /** The {@code epochs} argument of the running (or last) {@link #fit}. */
    public int targetEpochs() { return targetEpochs; }

    /** Free-form model description saved in checkpoints (e.g. a recipe's config) so a tool can rebuild the module. */
    public Map<String, Object> config() { return config; }

    /** Where the model came from (data set, seed, command); saved in checkpoints. */
    public Map<String, Object> provenance() { return provenance; }
}
