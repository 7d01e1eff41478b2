package dev.nabla.cli;

import dev.nabla.io.SafeTensors;
import dev.nabla.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MainTest {
    @TempDir Path dir;

    /** Exit code, stdout (System.out and picocli's out) and stderr of one command line. */
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        PrintStream old = System.out;
        ByteArrayOutputStream sys = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sys, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setOut(old);
        }
        return new Result(code, out + sys.toString(StandardCharsets.UTF_8), err.toString());
    }

    @Test void everyCommandHasHelp() {
        Result top = run("--help");
        assertEquals(0, top.code());
        List<String> commands = List.of("train", "evaluate", "predict", "summary", "bench", "refcheck");
        for (String c : commands) {
            assertTrue(top.out().contains("  " + c + " "), "top-level help lists " + c);
            Result r = run(c, "--help");
            assertEquals(0, r.code(), c);
            assertTrue(r.out().startsWith("Usage: nabla " + c), c + ": " + r.out());
            assertTrue(r.out().contains("--help"), c);
        }
        assertEquals(commands.size() + 1, new picocli.CommandLine(new Main()).getSubcommands().size(), "a new command needs a help test");
    }

    @Test void trainFromAJsonConfigWritesEveryOutputThenEvaluateAndPredictUseIt() throws Exception {
        Path out = dir.resolve("run");
        Path cfg = dir.resolve("tiny.json");
        Files.writeString(cfg, """
                {"name": "tiny", "model": {"type": "mlp", "hidden": [32]},
                 "data": {"type": "fashion-mnist-subset"},
                 "optimizer": {"type": "Adam", "lr": 0.003},
                 "epochs": 1, "batch_size": 100, "seed": 3, "output": "%s"}
                """.formatted(out.toString().replace("\\", "\\\\")));
        Result r = run("train", cfg.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        for (String f : List.of("model.safetensors", "checkpoint.safetensors", "metrics.csv", "loss.png", "accuracy.png", "report.html"))
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        assertTrue(r.out().matches("(?s).*test accuracy 0\\.\\d{4}\\n.*"), r.out());
        double acc = Double.parseDouble(r.out().replaceAll("(?s).*test accuracy (0\\.\\d{4}).*", "$1"));
        assertTrue(acc > 0.5, "one epoch on 2,000 images beats chance by far: " + acc);
        byte[] png = Files.readAllBytes(out.resolve("loss.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<img src=\"loss.png\"") && html.contains("Confusion matrix") && html.contains("Ankle boot"), html);
        assertEquals(2, Files.readAllLines(out.resolve("metrics.csv")).size());

        Checkpoint.Info info = Checkpoint.read(out.resolve("model.safetensors"));
        assertEquals(1, info.epoch());
        assertEquals("tiny", info.config().get("name"));
        assertTrue(SafeTensors.load(out.resolve("model.safetensors")).tensors().containsKey("1.weight"));

        // continue the run for one more epoch from its checkpoint: the CSV grows, the epoch count goes on
        Result again = run("train", cfg.toString(), "--epochs", "2", "--resume", out.resolve("checkpoint.safetensors").toString());
        assertEquals(0, again.code(), again.err() + again.out());
        assertTrue(again.out().contains("resumed from") && again.out().contains("epoch 2/2"), again.out());
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertEquals(2, Checkpoint.read(out.resolve("model.safetensors")).epoch());
        acc = Double.parseDouble(again.out().replaceAll("(?s).*test accuracy (0\\.\\d{4}).*", "$1"));

        Result ev = run("evaluate", out.resolve("model.safetensors").toString());
        assertEquals(0, ev.code(), ev.err());
        assertTrue(ev.out().contains(String.format(java.util.Locale.ROOT, "accuracy        %.4f", acc)), ev.out());

        // one CSV row with a label column, pixel values 0-255
        StringBuilder row = new StringBuilder("9");
        for (int k = 0; k < 784; k++) row.append(',').append((k * 37) % 256);
        Path csv = dir.resolve("x.csv");
        Files.writeString(csv, row + "\n");
        Result p = run("predict", out.resolve("model.safetensors").toString(), csv.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().matches("(?s)x\\.csv:1 \\(label 9\\): [^(]+ \\(0\\.\\d{3}\\), .*"), p.out());
    }

    @Test void charLstmTrainsOnAnyTextAndGenerates() throws Exception {
        Path text = dir.resolve("tiny.txt");
        Files.writeString(text, "the cat sat on the mat. the dog sat on the log. ".repeat(60));
        Path cfg = dir.resolve("lm.yaml");
        Files.writeString(cfg, """
                name: tiny-lm
                model: {type: char-lstm, embedding: 8, hidden: 32}
                data: {type: text, path: "%s", seq_len: 16, validation_fraction: 0.2}
                optimizer: {type: Adam, lr: 0.01}
                epochs: 2
                batch_size: 16
                seed: 1
                output: "%s"
                """.formatted(text, dir.resolve("lm")));
        Result r = run("train", cfg.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("below the baseline"), r.out());
        assertTrue(r.out().contains("sample:\nthe cat sat on"), r.out());
        Result p = run("predict", dir.resolve("lm/model.safetensors").toString(), "--prompt", "the dog", "--length", "30");
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().startsWith("the dog") && p.out().endsWith("\n"), p.out());
        assertEquals(37, p.out().length() - 1, "prompt plus 30 generated characters: " + p.out());
    }

    @Test void summaryShowsLayersAndCounts() {
        Result r = run("summary", "fashion-mlp");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("total parameters: 535,818"), r.out());
        assertTrue(r.out().contains("input [1, 1, 28, 28] -> output [1, 10]"), r.out());
    }

    @Test void errorsAreOneClearLine() throws Exception {
        Result r = run("train", "no-such-recipe");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("config file no-such-recipe does not exist"), r.err());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "model: mlp\ndata: fashion-mnist-subset\nepochz: 3\n");
        r = run("train", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key 'epochz'"), r.err());
        Path junk = dir.resolve("junk.safetensors");
        Files.writeString(junk, "definitely not a checkpoint");
        r = run("evaluate", junk.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a safetensors file"), r.err());
        r = run("bench", "nosuch");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown benchmark 'nosuch'"), r.err());
    }

    @Test void recipesAreValidConfigs() {
        for (String n : Recipes.NAMES) {
            RunConfig c = Recipes.get(n);
            assertEquals(c, RunConfig.fromMap(c.toMap(), n), "round trip of " + n);
            assertTrue(c.epochs() > 0 && c.batchSize() > 0);
        }
        Map<String, Object> m = Recipes.get("fashion-cnn").model();
        assertEquals("cnn", m.get("type"));
    }
}
