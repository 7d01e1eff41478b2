package dev.nabla.cli;

import dev.nabla.nn.Module;
import dev.nabla.train.Checkpoint;
import dev.nabla.train.Model;

import java.io.PrintStream;
import java.nio.file.Path;

/** Rebuilds a trained model from a checkpoint: the config in its metadata gives the architecture and data. */
final class Restore {
    private Restore() {}

    record Restored(RunConfig config, Datasets.Loaded data, Model model) {}

    static RunConfig config(Path checkpoint) {
        Checkpoint.Info info = Checkpoint.read(checkpoint);
        if (info.config().isEmpty())
            throw new IllegalArgumentException("checkpoint " + checkpoint + " has no Nabla run config in its metadata; "
                    + "only checkpoints written by 'nabla train' can be evaluated or used for prediction from the command line");
        return RunConfig.fromMap(info.config(), "checkpoint " + checkpoint);
    }

    static Restored load(Path checkpoint, RunConfig cfg, PrintStream log) {
        Datasets.Loaded data = Datasets.load(cfg.data(), log);
        Module module = Models.build(cfg.model(), data.classes());
        Model model = new Model(module);
        model.load(checkpoint);
        return new Restored(cfg, data, model);
    }
}
