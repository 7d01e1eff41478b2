package dev.nabla.data.catalog;

import dev.nabla.data.DataFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VerifiedCopiesTest {
    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    static final String[] FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

    /** The bundled subset as a catalog entry of its own, its digests computed from the files. */
    static MnistFamily subsetSpec(Path dir) throws Exception {
        Path data = dir.resolve("data").resolve("fake");
        Files.createDirectories(data);
        List<MnistFamily.FileEntry> entries = new ArrayList<>();
        for (String f : FILES) {
            try (InputStream in = VerifiedCopiesTest.class.getResourceAsStream("/dev/nabla/data/fashion-mnist-subset/" + f)) {
                Files.copy(in, data.resolve(f));
            }
            entries.add(new MnistFamily.FileEntry(f, Checksum.gunzippedSha256(Checksum.gunzippedSha256("0").compute(data.resolve(f)))));
        }
        return new MnistFamily("fake", "Fake", null, List.of(), entries, FashionMNIST.CLASSES, null);
    }

    static LoadOptions options(Path dir) {
        return LoadOptions.defaults().withDataDirs(dir.resolve("data")).withCacheDir(dir.resolve("cache")).withSystemDirs().withDownload(false);
    }

    @Test void secondLoadReadsTheVerifiedCopy(@TempDir Path dir) throws Exception {
        MnistFamily spec = subsetSpec(dir);
        IdxImageDataset first = spec.load(Split.TEST, options(dir), QUIET);
        Path copy = dir.resolve("cache/fake/unpacked/t10k-images-idx3-ubyte");
        assertTrue(Files.isRegularFile(copy) && Files.isRegularFile(dir.resolve("cache/fake/unpacked/t10k-images-idx3-ubyte.verified")));
        assertEquals(16 + 500 * 784, Files.size(copy), "the copy is the decompressed IDX file");
        IdxImageDataset second = spec.load(Split.TEST, options(dir), QUIET);
        assertEquals(first.pixelSum(), second.pixelSum());
        assertArrayEquals(first.labelCounts(10), second.labelCounts(10));
        // proof that the copy was read: a copy with other pixels of the same size and stamp-time is believed
        byte[] b = Files.readAllBytes(copy);
        FileTime t = Files.getLastModifiedTime(copy);
        b[100] = (byte) (b[100] + 1);
        Files.write(copy, b);
        Files.setLastModifiedTime(copy, t);
        assertEquals(first.pixelSum() + ((b[100] & 0xFF) == 0 ? -255 : 1), spec.load(Split.TEST, options(dir), QUIET).pixelSum());
    }

    @Test void anEditedCopyIsReverifiedFromTheSource(@TempDir Path dir) throws Exception {
        MnistFamily spec = subsetSpec(dir);
        long sum = spec.load(Split.TEST, options(dir), QUIET).pixelSum();
        Path copy = dir.resolve("cache/fake/unpacked/t10k-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(copy);
        b[100] ^= 1;
        Files.write(copy, b);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 5000));
        assertEquals(sum, spec.load(Split.TEST, options(dir), QUIET).pixelSum(), "the source is read again");
        assertArrayEquals(Files.readAllBytes(copy), readGunzipped(dir.resolve("data/fake/t10k-images-idx3-ubyte.gz")), "and the copy rewritten");
    }

    @Test void aReplacedSourceIsVerifiedAgainstTheCatalog(@TempDir Path dir) throws Exception {
        MnistFamily spec = subsetSpec(dir);
        spec.load(Split.TEST, options(dir), QUIET);
        // another (valid IDX) file under the same name: the training images' gz; the stamp no longer matches its size
        Path src = dir.resolve("data/fake/t10k-images-idx3-ubyte.gz");
        Files.copy(dir.resolve("data/fake/train-images-idx3-ubyte.gz"), src, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var e = assertThrows(DataFileException.class, () -> spec.load(Split.TEST, options(dir), QUIET));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test void nothingIsStampedWhenVerificationIsOff(@TempDir Path dir) throws Exception {
        MnistFamily spec = subsetSpec(dir);
        assertEquals(500, spec.load(Split.TEST, options(dir).withVerify(false), QUIET).size());
        assertFalse(Files.exists(dir.resolve("cache/fake/unpacked/t10k-images-idx3-ubyte.verified")));
    }

    static byte[] readGunzipped(Path gz) throws Exception {
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
