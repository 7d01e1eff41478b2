package dev.nabla.cli;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predicts with a checkpoint written by 'nabla train'.",
                "Images (PNG, JPEG, GIF, BMP) are converted to 28x28 grayscale; CSV files hold one image per row (784 pixel values,",
                "0-255 or 0-1; a 785th leading column is taken as the label and shown). Prints the label and the top-k probabilities.",
                "For a char-lstm checkpoint, generates text from --prompt instead."})
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CHECKPOINT") Path checkpoint;
    @Parameters(index = "1..*", paramLabel = "INPUT", description = "image or CSV files") List<Path> inputs = new ArrayList<>();
    @Option(names = "--top", defaultValue = "3", description = "how many classes to show per input (default ${DEFAULT-VALUE})") int top;
    @Option(names = "--invert", description = "invert image brightness (dark clothes on a light background, unlike Fashion-MNIST)") boolean invert;
    @Option(names = "--prompt", description = "char-lstm: start of the generated text (default: the start of the corpus)") String prompt;
    @Option(names = "--length", defaultValue = "300", description = "char-lstm: characters to generate") int length;
    @Option(names = "--temperature", defaultValue = "0.8", description = "char-lstm: sampling temperature") double temperature;
    @Option(names = "--seed", defaultValue = "0", description = "char-lstm: sampling seed") long seed;

    @Override public Integer call() {
        RunConfig cfg = Restore.config(checkpoint);
        if (cfg.data().get("type").toString().startsWith("fashion")) cfg = cfg.withData("type", "fashion-mnist-subset"); // no need to load 70k images
        Restore.Restored r = Restore.load(checkpoint, cfg, System.err);
        if (r.data().vocab() != null) {
            System.out.println(Generate.sample((Models.CharLstm) r.model().module(), r.data().vocab(), prompt != null ? prompt : r.data().prompt(), length, temperature, new Generator(seed)));
            return 0;
        }
        if (inputs.isEmpty()) throw new IllegalArgumentException("give one or more image or CSV files to predict");
        boolean normalize = !Boolean.FALSE.equals(cfg.data().get("normalize"));
        List<String> names = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (Path p : inputs) read(p, normalize, names, rows);
        float[] all = new float[rows.size() * 784];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, all, i * 784, 784);
        Tensor probs = r.model().predict(Tensor.wrap(all, rows.size(), 1, 28, 28)).softmax(1);
        float[] p = probs.toFloatArray();
        int c = r.data().classes();
        for (int i = 0; i < rows.size(); i++) {
            Integer[] order = new Integer[c];
            for (int j = 0; j < c; j++) order[j] = j;
            final int row = i;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(p[row * c + b], p[row * c + a]));
            StringBuilder sb = new StringBuilder(names.get(i)).append(": ").append(r.data().classNames().get(order[0]));
            sb.append(String.format(Locale.ROOT, " (%.3f)", p[i * c + order[0]]));
            for (int k = 1; k < Math.min(top, c); k++)
                sb.append(String.format(Locale.ROOT, ", %s %.3f", r.data().classNames().get(order[k]), p[i * c + order[k]]));
            System.out.println(sb);
        }
        return 0;
    }

    private void read(Path p, boolean normalize, List<String> names, List<float[]> rows) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (n.endsWith(".csv") || n.endsWith(".txt")) {
                List<String> lines = Files.readAllLines(p);
                int lineNo = 0;
                for (String line : lines) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    String[] f = line.split(",");
                    if (lineNo == 1 && !f[0].trim().matches("-?[0-9.eE+-]+")) continue; // header
                    if (f.length != 784 && f.length != 785)
                        throw new IllegalArgumentException(p + " line " + lineNo + ": expected 784 pixel values (or a label and 784), got " + f.length + " columns");
                    int off = f.length - 784;
                    float[] v = new float[784];
                    float max = 0;
                    for (int k = 0; k < 784; k++) max = Math.max(max, v[k] = Float.parseFloat(f[off + k].trim()));
                    float scale = max > 1 ? 1f / 255 : 1f;
                    for (int k = 0; k < 784; k++) v[k] = Datasets.normalizePixel(v[k] * scale, normalize);
                    names.add(p.getFileName() + ":" + lineNo + (off == 1 ? " (label " + f[0].trim() + ")" : ""));
                    rows.add(v);
                }
                return;
            }
            BufferedImage img = ImageIO.read(p.toFile());
            if (img == null) throw new IllegalArgumentException(p + " is not an image ImageIO can read (PNG, JPEG, GIF, BMP) nor a .csv file");
            BufferedImage g = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g2 = g.createGraphics();
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g2.drawImage(img, 0, 0, 28, 28, null);
            g2.dispose();
            float[] v = new float[784];
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++) {
                    float px = (g.getRaster().getSample(x, y, 0)) / 255f;
                    v[y * 28 + x] = Datasets.normalizePixel(invert ? 1 - px : px, normalize);
                }
            names.add(p.toString());
            rows.add(v);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
