package dev.nabla.cli;

import dev.nabla.train.metrics.Accuracy;
import dev.nabla.train.metrics.F1Score;
import dev.nabla.train.metrics.TopKAccuracy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a checkpoint written by 'nabla train' on the held-out data of its run (loss, accuracy, top-5, macro F1).")
public final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "a .safetensors file from nabla train") Path checkpoint;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "directory holding the Fashion-MNIST .gz files") Path dataDir;
    @Option(names = "--subset", description = "evaluate on the Fashion-MNIST subset shipped with Nabla") boolean subset;
    @Option(names = "--batch-size", defaultValue = "256", description = "evaluation batch size (default ${DEFAULT-VALUE})") int batchSize;

    @Override public Integer call() {
        RunConfig cfg = Restore.config(checkpoint);
        if (dataDir != null) cfg = cfg.withData("dir", dataDir.toString());
        if (subset) cfg = cfg.withData("type", "fashion-mnist-subset");
        Restore.Restored r = Restore.load(checkpoint, cfg, System.out);
        boolean classification = r.data().vocab() == null;
        if (classification) r.model().compile(Losses.forData(r.data()), new Accuracy(), new TopKAccuracy(5), new F1Score(r.data().classes()));
        else r.model().compile(Losses.forData(r.data()), new Accuracy());
        Map<String, Double> m = r.model().evaluate(r.data().test(batchSize));
        System.out.println("evaluate " + checkpoint + " (epoch " + r.model().epoch() + ") on " + r.data().description());
        for (var e : m.entrySet()) System.out.printf(Locale.ROOT, "%-15s %.4f%n", e.getKey(), e.getValue());
        return 0;
    }
}
