package dev.nabla.cli;

import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.train.History;
import dev.nabla.train.Model;
import dev.nabla.train.callbacks.Callback;
import dev.nabla.train.callbacks.CsvLogger;
import dev.nabla.train.callbacks.LearningRateScheduler;
import dev.nabla.train.callbacks.ModelCheckpoint;
import dev.nabla.train.callbacks.ProgressBar;
import dev.nabla.train.callbacks.TerminateOnNaN;
import dev.nabla.train.metrics.Accuracy;
import dev.nabla.train.metrics.ConfusionMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a model from a built-in recipe (fashion-mlp, fashion-cnn, char-lstm) or a YAML/JSON config.",
                "The output directory gets model.safetensors (the final checkpoint), checkpoint.safetensors (the latest epoch, for --resume),",
                "metrics.csv, loss.png, accuracy.png and report.html."},
        footer = {"", "Examples:", "  nabla train fashion-cnn --epochs 5 --output runs/cnn", "  nabla train my-run.yaml",
                "  nabla train char-lstm --text book.txt", "  nabla train fashion-cnn --epochs 8 --resume runs/cnn/checkpoint.safetensors"})
public final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RECIPE|CONFIG", description = "fashion-mlp, fashion-cnn, char-lstm, or a .yaml/.yml/.json file")
    String what;
    @Option(names = "--epochs", description = "total epochs (overrides the config)") Integer epochs;
    @Option(names = "--batch-size", description = "mini-batch size") Integer batchSize;
    @Option(names = "--lr", description = "learning rate") Double lr;
    @Option(names = "--seed", description = "seed for initialization, shuffling, dropout and sampling") Long seed;
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "output directory (default runs/<name>)") Path output;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "directory holding the Fashion-MNIST .gz files") Path dataDir;
    @Option(names = "--subset", description = "use the Fashion-MNIST subset shipped with Nabla") boolean subset;
    @Option(names = "--text", paramLabel = "FILE", description = "plain-text corpus for char-lstm (default: Genesis, KJV)") Path text;
    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "continue a run from its checkpoint") Path resume;

    @Override public Integer call() {
        PrintStream out = System.out;
        RunConfig cfg = Recipes.exists(what) ? Recipes.get(what) : RunConfig.load(Path.of(what));
        if (epochs != null) cfg = cfg.withEpochs(epochs);
        if (batchSize != null) cfg = cfg.withBatchSize(batchSize);
        if (lr != null) cfg = cfg.withLr(lr);
        if (seed != null) cfg = cfg.withSeed(seed);
        if (dataDir != null) cfg = cfg.withData("dir", dataDir.toString());
        if (subset) cfg = cfg.withData("type", "fashion-mnist-subset");
        if (text != null) cfg = cfg.withData("path", text.toString());
        Path dir = output != null ? output : cfg.output() != null ? Path.of(cfg.output()) : Path.of("runs", cfg.name());
        cfg = cfg.withOutput(dir.toString());
        return train(cfg, dir, resume, out);
    }

    static int train(RunConfig cfg, Path dir, Path resume, PrintStream out) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
        }
        Model.manualSeed(cfg.seed()); // initialization and dropout draw from the default generator
        Datasets.Loaded data = Datasets.load(cfg.data(), out);
        out.println("nabla train " + cfg.name() + ": " + data.description());
        Module module = Models.build(cfg.model(), data.classes());
        Model model = new Model(module).seed(cfg.seed());
        model.config().putAll(cfg.toMap());
        model.provenance().put("dataset", data.description());
        model.provenance().put("recipe", cfg.name());
        Optimizer opt = Optimizers.create(cfg.optimizer(), module.parameters());
        model.compile(opt, Losses.forData(data), new Accuracy());
        out.printf(Locale.ROOT, "model: %,d parameters; optimizer %s %s; %d epochs, batch %d, seed %d; %d threads%n",
                module.parameterCount(), opt.getClass().getSimpleName(), opt.paramGroups().getFirst().options, cfg.epochs(),
                cfg.batchSize(), cfg.seed(), Runtime.getRuntime().availableProcessors());
        double baseLr = opt.lr(); // the schedule starts from the configured rate, also when resuming
        if (resume != null) {
            model.load(resume);
            out.println("resumed from " + resume + " after epoch " + model.epoch());
        }
        List<Callback> cbs = new ArrayList<>();
        cbs.add(new ProgressBar(out, ProgressBar.isTerminal()));
        cbs.add(new CsvLogger(dir.resolve("metrics.csv"), resume != null));
        cbs.add(new TerminateOnNaN(out));
        Callback schedule = schedule(cfg, baseLr);
        if (schedule != null) cbs.add(schedule);
        cbs.add(ModelCheckpoint.every(dir.resolve("checkpoint.safetensors"), 1));
        History h = model.fit(data.train(cfg.batchSize()), cfg.epochs(), data.test(Math.max(cfg.batchSize(), 256)), cbs.toArray(Callback[]::new));

        // final evaluation on held-out data, with the confusion matrix for the report
        boolean classification = data.vocab() == null;
        ConfusionMatrix cm = classification ? new ConfusionMatrix(data.classes()) : null;
        if (cm != null) model.compile(opt, model.loss(), new Accuracy(), cm);
        Map<String, Double> test = new LinkedHashMap<>(model.evaluate(data.test(256)));
        model.save(dir.resolve("model.safetensors"), test);

        List<String> images = new ArrayList<>();
        if (h.size() > 0) {
            if (Report.plot(dir.resolve("loss.png"), h, "loss", cfg.name() + ": loss")) images.add("loss.png");
            if (Report.plot(dir.resolve("accuracy.png"), h, "accuracy", cfg.name() + ": accuracy")) images.add("accuracy.png");
        }
        String extra = null;
        if (!classification) {
            double baseline = data.baselineLoss();
            test.put("unigram_baseline_loss", baseline);
            out.printf(Locale.ROOT, "validation loss %.4f nats/char vs unigram baseline %.4f (%s)%n", test.get("loss"), baseline,
                    test.get("loss") < baseline ? "below the baseline" : "NOT below the baseline");
            String sample = Generate.sample((Models.CharLstm) module, data.vocab(), data.prompt(), 400, 0.8, new Generator(cfg.seed()));
            out.println("sample:\n" + sample);
            extra = "<h2>Generated text (temperature 0.8)</h2>\n<pre>" + Report.esc(sample) + "</pre>\n";
        }
        Report.html(dir.resolve("report.html"), "Nabla run " + cfg.name(), cfg, data.description(), h, test,
                cm == null ? null : cm.matrix(), data.classNames(), images, extra);
        out.printf(Locale.ROOT, "test accuracy %.4f%n", test.get("accuracy"));
        out.printf(Locale.ROOT, "wall time %.1f s; report: %s%n", (System.nanoTime() - t0) / 1e9, dir.resolve("report.html"));
        return 0;
    }

    static Callback schedule(RunConfig cfg, double lr) {
        Map<String, Object> s = cfg.schedule();
        String type = RunConfig.str(s, "type", "none");
        return switch (type) {
            case "none", "constant" -> null;
            case "cosine" -> LearningRateScheduler.cosine(lr, RunConfig.num(s, "min_lr", 0), Math.max(cfg.epochs(), 1));
            case "step" -> LearningRateScheduler.step(lr, RunConfig.num(s, "gamma", 0.1), RunConfig.integer(s, "step_size", 1));
            case "exponential" -> LearningRateScheduler.exponential(lr, RunConfig.num(s, "gamma", 0.9));
            default -> throw new IllegalArgumentException("unknown schedule '" + type + "' (valid: none, cosine, step, exponential)");
        };
    }
}
