package dev.nabla.data.io;

import dev.nabla.data.DataFileException;
import dev.nabla.data.Dataset;
import dev.nabla.data.Example;
import dev.nabla.tensor.Tensor;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Images in one sub-folder per class ({@code root/cat/001.png}, {@code root/dog/002.jpg}), read with
 * javax.imageio when an item is accessed. Classes are the sub-folder names in sorted order; items are
 * [C, H, W] float32 in [0, 1] (C = 1: the grey samples, or luminance of colour images; C = 3: RGB, grey repeated) with int64 labels. An undecodable file,
 * or one whose size differs from the required size, is a {@link DataFileException} naming it.
 *
 * <pre>{@code
 * ImageFolder pets = ImageFolder.open(Path.of("pets/train"), 3, 64, 64);   // 64x64 RGB required
 * }</pre>
 */
public final class ImageFolder implements Dataset<Example> {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private final List<Path> files;
    private final int[] labels;
    private final List<String> classes;
    private final int channels, height, width;

    private ImageFolder(List<Path> files, int[] labels, List<String> classes, int channels, int height, int width) {
        this.files = files; this.labels = labels; this.classes = classes; this.channels = channels; this.height = height; this.width = width;
    }

    /**
     * Args: channels 1 or 3; height/width the size every image must have, or 0 to accept any size (then
     * batching needs images of equal size).
     */
    public static ImageFolder open(Path root, int channels, int height, int width) {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("ImageFolder: channels must be 1 or 3, got " + channels);
        if (!Files.isDirectory(root)) throw new DataFileException(root, "", "is not a directory (expected root/<class>/<image>.png)");
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                classes.add(dir.getFileName().toString());
                try (Stream<Path> imgs = Files.list(dir)) {
                    for (Path f : imgs.filter(ImageFolder::isImage).sorted().toList()) {
                        files.add(f);
                        labels.add(classes.size() - 1);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ImageFolder: cannot list " + root + ": " + e.getMessage(), e);
        }
        if (files.isEmpty())
            throw new DataFileException(root, "", "holds no images (looked for " + EXTENSIONS + " files in " + classes.size()
                    + " class sub-folders; expected root/<class>/<image>.png)");
        return new ImageFolder(List.copyOf(files), labels.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(classes), channels, height, width);
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && !name.startsWith(".") && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    @Override public int size() { return files.size(); }

    @Override public Example get(int index) {
        Dataset.checkIndex(index, files.size());
        return Example.of(read(files.get(index)), labels[index]);
    }

    /** Class names, index = label. */
    public List<String> classes() { return classes; }

    /** The image file of item {@code index}. */
    public Path file(int index) { return files.get(Dataset.checkIndex(index, files.size())); }

    /**
     * Decodes through an ImageReader so that decoder warnings count as errors: javax.imageio returns a
     * partly grey image for a truncated JPEG and only warns, which would be silently wrong data.
     */
    static BufferedImage decode(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext())
                throw new DataFileException(file, "", "is not a decodable PNG/JPEG/BMP/GIF image (no javax.imageio reader accepts its first bytes)");
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty())
                    throw new DataFileException(file, "", "decoded only with warnings " + warnings + " by the " + reader.getFormatName()
                            + " reader: the image is truncated or corrupt");
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFileException d) throw d;
            throw new DataFileException(file, "", "cannot be decoded as an image (" + e.getMessage() + "): truncated or corrupt", e);
        }
    }

    private Tensor read(Path file) {
        BufferedImage img = decode(file);
        int h = img.getHeight(), w = img.getWidth();
        if ((height > 0 && h != height) || (width > 0 && w != width))
            throw new DataFileException(file, "", "is " + w + "x" + h + " pixels but this ImageFolder requires " + width + "x" + height);
        float[] out = new float[channels * h * w];
        int plane = h * w;
        var raster = img.getRaster();
        if (img.getColorModel().getNumColorComponents() == 1) {
            // Grey images: read the stored samples. getRGB would pass them through a linear-to-sRGB conversion
            // and silently brighten every pixel.
            float max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    float v = raster.getSample(x, y, 0) / max;
                    for (int c = 0; c < channels; c++) out[c * plane + y * w + x] = v;
                }
            return Tensor.wrap(out, channels, h, w);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x], r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
                if (channels == 1) {
                    out[y * w + x] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
                } else {
                    out[y * w + x] = r / 255f;
                    out[plane + y * w + x] = g / 255f;
                    out[2 * plane + y * w + x] = b / 255f;
                }
            }
        }
        return Tensor.wrap(out, channels, h, w);
    }
}
