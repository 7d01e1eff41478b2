package dev.nabla.cli;

import dev.nabla.autograd.GradMode;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Prints a model's layers, parameter shapes and counts and its output shape, for a recipe, a config file or a checkpoint.")
public final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RECIPE|CONFIG|CHECKPOINT") String what;

    @Override public Integer call() {
        RunConfig cfg = Recipes.exists(what) ? Recipes.get(what)
                : what.endsWith(".safetensors") ? Restore.config(Path.of(what)) : RunConfig.load(Path.of(what));
        boolean text = "text".equals(cfg.data().get("type"));
        int classes = 10;
        Tensor example;
        if (text) {
            String corpus = Datasets.readText(cfg.data());
            classes = dev.nabla.data.io.Vocabulary.chars(corpus).size();
            example = Tensor.zeros(dev.nabla.tensor.DType.INT64, 1, RunConfig.integer(cfg.data(), "seq_len", 64));
        } else {
            example = Tensor.zeros(1, 1, 28, 28);
        }
        dev.nabla.train.Model.manualSeed(cfg.seed());
        Module m = Models.build(cfg.model(), classes);
        System.out.println(cfg.name() + " (" + cfg.model() + ")");
        System.out.println(m);
        System.out.printf(Locale.ROOT, "%-36s %-18s %12s%n", "parameter", "shape", "count");
        for (var e : m.namedParameters().entrySet())
            System.out.printf(Locale.ROOT, "%-36s %-18s %,12d%n", e.getKey(), Shapes.str(e.getValue().shapeRef()), e.getValue().numel());
        System.out.printf(Locale.ROOT, "total parameters: %,d (%.2f MiB as float32)%n", m.parameterCount(), m.parameterCount() * 4 / 1048576.0);
        m.eval();
        try (var g = GradMode.noGrad()) {
            Tensor out = m.forward(example);
            System.out.println("input " + Shapes.str(example.shapeRef()) + " -> output " + Shapes.str(out.shapeRef()));
        }
        return 0;
    }
}
