package dev.nabla.data.io;

import dev.nabla.data.DataFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ImageFolderTest {
    @TempDir Path root;

    void png(String cls, String name, int w, int h, int rgb) throws Exception {
        Files.createDirectories(root.resolve(cls));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, x == 0 && y == 0 ? 0xFFFFFF : rgb);
        assertTrue(ImageIO.write(img, name.endsWith(".jpg") ? "jpg" : "png", root.resolve(cls).resolve(name).toFile()));
    }

    @Test void classesFromFoldersAndPixels() throws Exception {
        png("dog", "b.png", 3, 2, 0x336699);
        png("cat", "a.png", 3, 2, 0x102030);
        png("cat", "c.jpg", 3, 2, 0x102030);
        Files.writeString(root.resolve("cat").resolve("notes.txt"), "ignored");
        ImageFolder rgb = ImageFolder.open(root, 3, 2, 3);
        assertEquals(List.of("cat", "dog"), rgb.classes());
        assertEquals(3, rgb.size());
        assertEquals(1, rgb.get(2).label());
        float[] px = rgb.get(2).input().toFloatArray();
        assertArrayEquals(new int[]{3, 2, 3}, rgb.get(2).input().shape());
        assertEquals(1f, px[0]);                      // the white corner
        assertEquals(0x33 / 255f, px[1], 1e-6);       // red plane
        assertEquals(0x66 / 255f, px[6 + 1], 1e-6);   // green plane
        assertEquals(0x99 / 255f, px[12 + 1], 1e-6);  // blue plane
        float[] gray = ImageFolder.open(root, 1, 0, 0).get(0).input().toFloatArray();
        assertEquals((0.299f * 0x10 + 0.587f * 0x20 + 0.114f * 0x30) / 255f, gray[1], 1e-5);
    }

    @Test void undecodableAndWrongSizeImagesNameTheFile() throws Exception {
        png("a", "ok.png", 2, 2, 0);
        Files.write(root.resolve("a").resolve("broken.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        ImageFolder f = ImageFolder.open(root, 1, 2, 2);
        DataFileException e = assertThrows(DataFileException.class, () -> f.get(0));
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
        png("a", "z.png", 5, 2, 0);
        ImageFolder g = ImageFolder.open(root, 1, 2, 2);
        e = assertThrows(DataFileException.class, () -> g.get(2));
        assertTrue(e.getMessage().contains("z.png") && e.getMessage().contains("5x2") && e.getMessage().contains("2x2"), e.getMessage());
    }

    @Test void truncatedPngAndJpegAreErrorsNotPartialImages() throws Exception {
        // Noisy pixels so the JPEG has real scan data; cut at 9/10 the JPEG reader only *warns* ("premature end of
        // data segment") and returns a half-grey image, which must still be an error.
        Files.createDirectories(root.resolve("a"));
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(1);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, r.nextInt());
        for (String name : new String[]{"p.png", "q.jpg", "r.jpg"}) {
            Path f = root.resolve("a").resolve(name);
            assertTrue(ImageIO.write(img, name.endsWith(".jpg") ? "jpg" : "png", f.toFile()));
            byte[] b = Files.readAllBytes(f);
            Files.write(f, java.util.Arrays.copyOf(b, name.startsWith("r") ? b.length * 2 / 3 : b.length * 9 / 10));
        }
        ImageFolder d = ImageFolder.open(root, 3, 16, 16);
        for (int i = 0; i < 3; i++) {
            final int k = i;
            DataFileException e = assertThrows(DataFileException.class, () -> d.get(k));
            assertTrue(e.getMessage().contains(d.file(k).getFileName().toString()), e.getMessage());
        }
        DataFileException warned = assertThrows(DataFileException.class, () -> d.get(1));
        assertTrue(warned.getMessage().contains("warnings"), warned.getMessage());
    }

    @Test void greyPngKeepsItsStoredValues() throws Exception {
        Files.createDirectories(root.resolve("g"));
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = {0, 40, 128, 255};
        for (int x = 0; x < 4; x++) img.getRaster().setSample(x, 0, 0, values[x]);
        assertTrue(ImageIO.write(img, "png", root.resolve("g").resolve("g.png").toFile()));
        float[] px = ImageFolder.open(root, 1, 1, 4).get(0).input().toFloatArray();
        for (int x = 0; x < 4; x++) assertEquals(values[x] / 255f, px[x], 1e-7, "pixel " + x);
        float[] rgb = ImageFolder.open(root, 3, 1, 4).get(0).input().toFloatArray();
        assertEquals(40 / 255f, rgb[4 + 1], 1e-7);
    }

    @Test void emptyRoot() throws Exception {
        Files.createDirectories(root.resolve("x"));
        DataFileException e = assertThrows(DataFileException.class, () -> ImageFolder.open(root, 1, 0, 0));
        assertTrue(e.getMessage().contains("no images"), e.getMessage());
    }
}
