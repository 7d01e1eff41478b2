package dev.nabla.cli;

import dev.nabla.data.catalog.FashionMNIST;
import dev.nabla.data.catalog.IdxImageDataset;
import dev.nabla.data.catalog.LoadOptions;
import dev.nabla.data.catalog.Split;
import dev.nabla.data.io.TextCorpus;
import dev.nabla.data.io.Vocabulary;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Batch;
import dev.nabla.train.Batches;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Loads the data a config names into in-memory tensors. */
final class Datasets {
    private Datasets() {}

    /** Makes the batches of one split: the batch size and whether to shuffle each epoch. */
    @FunctionalInterface
    interface Source {
        Batches batches(int batchSize, boolean shuffle);
    }

    /**
     * Train and held-out data plus what the model builder and the report need to know. Images stay uint8 and are
     * converted one batch at a time (see {@link #imageSplit}); text is held as int64 windows.
     */
    record Loaded(Source trainSplit, Source testSplit, int classes, List<String> classNames, String description, Vocabulary vocab,
                  double baselineLoss, String prompt) {
        Batches train(int batchSize) { return trainSplit.batches(batchSize, true); }

        Batches test(int batchSize) { return testSplit.batches(batchSize, false); }
    }

    static final String DEFAULT_TEXT = "/dev/nabla/cli/corpus/genesis-kjv.txt";

    static Loaded load(Map<String, Object> cfg, PrintStream log) {
        String type = RunConfig.str(cfg, "type", "");
        return switch (type) {
            case "fashion-mnist", "fashion-mnist-subset" -> fashion(cfg, type.endsWith("subset"), log);
            case "text" -> text(cfg, log);
            default -> throw new IllegalArgumentException("unknown data type '" + type + "' (valid: fashion-mnist, fashion-mnist-subset, text)");
        };
    }

    private static Loaded fashion(Map<String, Object> cfg, boolean subset, PrintStream log) {
        IdxImageDataset train, test;
        String desc;
        if (subset) {
            train = FashionMNIST.subset(Split.TRAIN);
            test = FashionMNIST.subset(Split.TEST);
            desc = "Fashion-MNIST subset shipped with Nabla (" + train.size() + " train / " + test.size() + " test)";
        } else {
            LoadOptions opt = LoadOptions.defaults();
            if (cfg.get("dir") != null) opt = opt.withDataDirs(Path.of(cfg.get("dir").toString()));
            if (!Boolean.TRUE.equals(cfg.get("download"))) opt = opt.withDownload(false);
            try {
                train = FashionMNIST.load(Split.TRAIN, opt, log);
                test = FashionMNIST.load(Split.TEST, opt, log);
                desc = "Fashion-MNIST (" + train.size() + " train / " + test.size() + " test)";
            } catch (RuntimeException e) {
                train = FashionMNIST.subset(Split.TRAIN);
                test = FashionMNIST.subset(Split.TEST);
                desc = "Fashion-MNIST subset shipped with Nabla (" + train.size() + " train / " + test.size() + " test)";
                log.println("NOTICE: the full Fashion-MNIST was not found (" + firstLine(e.getMessage()) + ").");
                log.println("NOTICE: training on the " + train.size() + "-image subset shipped with Nabla instead; accuracy will be lower.");
                log.println("NOTICE: install the full set with 'apt-get install dataset-fashion-mnist' or pass data.dir.");
            }
        }
        boolean normalize = !Boolean.FALSE.equals(cfg.get("normalize"));
        float[] table = IdxImageDataset.pixelTable(normalize, FashionMNIST.MEAN, FashionMNIST.STD);
        return new Loaded(imageSplit(train, table), imageSplit(test, table), 10, FashionMNIST.CLASSES, desc, null, Double.NaN, null);
    }

    private static String firstLine(String s) { return s == null ? "" : s.lines().findFirst().orElse(""); }

    /**
     * Batches of [n, 1, 28, 28] float32 images (pixel/255, standardized when the table says so) made from the
     * uint8 pixels per batch: the split's float copy (188 MB for the 60,000 training images) is never built.
     */
    static Source imageSplit(IdxImageDataset d, float[] table) {
        return (batchSize, shuffle) -> Batches.gathered(d.size(), batchSize, shuffle,
                (order, from, to) -> new Batch(d.images(order, from, to, table), d.labels(order, from, to)));
    }

    /** Pre-processing of one image the way training saw it (for predict). */
    static float normalizePixel(float v01, boolean normalize) {
        return normalize ? (float) ((v01 - FashionMNIST.MEAN) / FashionMNIST.STD) : v01;
    }

    static String readText(Map<String, Object> cfg) {
        Object path = cfg.get("path");
        if (path != null) return TextCorpus.read(Path.of(path.toString()));
        try (InputStream in = Datasets.class.getResourceAsStream(DEFAULT_TEXT)) {
            if (in == null) throw new IllegalStateException("the default corpus " + DEFAULT_TEXT + " is missing from the classpath (broken build?)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Loaded text(Map<String, Object> cfg, PrintStream log) {
        String text = readText(cfg);
        int seq = RunConfig.integer(cfg, "seq_len", 64);
        double valFrac = RunConfig.num(cfg, "validation_fraction", 0.1);
        Vocabulary vocab = Vocabulary.chars(text);
        int[] ids = vocab.encode(text);
        int split = (int) (ids.length * (1 - valFrac));
        if (split < seq + 1 || ids.length - split < seq + 1)
            throw new IllegalArgumentException("text: " + ids.length + " characters are too few for sequences of " + seq
                    + " with a " + valFrac + " validation split");
        int[] tr = java.util.Arrays.copyOfRange(ids, 0, split), va = java.util.Arrays.copyOfRange(ids, split, ids.length);
        Tensor[] t = windows(tr, seq), v = windows(va, seq);
        String src = cfg.get("path") != null ? cfg.get("path").toString() : "Genesis (KJV, public domain, shipped with Nabla)";
        return new Loaded(tensorSplit(t[0], t[1]), tensorSplit(v[0], v[1]), vocab.size(), vocab.tokens(),
                src + ": " + ids.length + " characters, " + vocab.size() + " distinct", vocab, unigramLoss(tr, va, vocab.size()),
                prompt(tr, seq, vocab));
    }

    /** Sequence targets [N, T] become [N·T] to line up with the language model's [N·T, V] logits. */
    private static Source tensorSplit(Tensor x, Tensor y) {
        return (batchSize, shuffle) -> {
            Batches b = Batches.of(x, y, batchSize, shuffle);
            return new Batches() {
                @Override public Iterator<Batch> epoch(int epoch, Generator rng) {
                    Iterator<Batch> it = b.epoch(epoch, rng);
                    return new Iterator<>() {
                        public boolean hasNext() { return it.hasNext(); }
                        public Batch next() { Batch n = it.next(); return new Batch(n.input(), n.target().reshape(-1)); }
                    };
                }
                @Override public int batchCount() { return b.batchCount(); }
                @Override public long sampleCount() { return b.sampleCount(); }
            };
        };
    }

    /** Start of the corpus (up to ~20 characters, cut at a space): a prompt that only uses known characters. */
    private static String prompt(int[] ids, int seq, Vocabulary vocab) {
        String p = vocab.decode(java.util.Arrays.copyOf(ids, Math.min(20, seq)));
        int cut = p.lastIndexOf(' ');
        return cut > 3 ? p.substring(0, cut) : p;
    }

    /** Non-overlapping windows: inputs [n, T] and next-character targets [n, T], int64. */
    private static Tensor[] windows(int[] ids, int seq) {
        int n = (ids.length - 1) / seq;
        long[] x = new long[n * seq], y = new long[n * seq];
        for (int i = 0; i < n * seq; i++) { x[i] = ids[i]; y[i] = ids[i + 1]; }
        return new Tensor[]{Tensor.of(x, n, seq), Tensor.of(y, n, seq)};
    }

    /** Cross-entropy (nats) of the validation characters under the training set's character frequencies (add-one smoothed). */
    static double unigramLoss(int[] train, int[] val, int vocab) {
        double[] count = new double[vocab];
        for (int c : train) count[c]++;
        double total = train.length + vocab, sum = 0;
        for (int c : val) sum -= Math.log((count[c] + 1) / total);
        return sum / val.length;
    }
}
