package dev.nabla.data.catalog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nabla.data.DataFileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the downloader against a throw-away HTTP server on 127.0.0.1 that serves fixed bytes (and honours Range). */
class DownloaderTest {
    @TempDir Path dir;
    HttpServer server;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile boolean honourRange = true;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true);

    static final byte[] GOOD = "the real content of a dataset file".repeat(100).getBytes();

    @BeforeEach void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach void stop() { server.stop(0); }

    private void serve(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring(1);
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(name + (range == null ? "" : " " + range));
        byte[] body = files.get(name);
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        int status = 200;
        if (range != null && honourRange) {
            int from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            body = Arrays.copyOfRange(body, Math.min(from, body.length), body.length);
            status = 206;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = ex.getResponseBody()) { out.write(body); }
    }

    URI url(String name) { return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name); }

    static Checksum sha(byte[] b) throws Exception {
        return Checksum.sha256(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b)));
    }

    @Test void downloadsVerifiesAndReusesTheFile() throws Exception {
        files.put("a.bin", GOOD);
        Path target = dir.resolve("cache/a.bin");
        new Downloader(log).fetch(url("a.bin"), target, sha(GOOD));
        assertArrayEquals(GOOD, Files.readAllBytes(target));
        assertFalse(Files.exists(dir.resolve("cache/a.bin.part")));
        new Downloader(log).fetch(url("a.bin"), target, sha(GOOD));
        assertEquals(1, requests.size(), "a verified file is not downloaded again");
    }

    @Test void resumesFromAPartialFile() throws Exception {
        files.put("a.bin", GOOD);
        Path target = dir.resolve("a.bin");
        Files.write(dir.resolve("a.bin.part"), Arrays.copyOf(GOOD, 1000));
        new Downloader(log).fetch(url("a.bin"), target, sha(GOOD));
        assertArrayEquals(GOOD, Files.readAllBytes(target));
        assertEquals(List.of("a.bin bytes=1000-"), requests);
    }

    @Test void serverWithoutRangeSupportRestartsTheFile() throws Exception {
        files.put("a.bin", GOOD);
        honourRange = false;
        Files.write(dir.resolve("a.bin.part"), Arrays.copyOf(GOOD, 1000));
        new Downloader(log).fetch(url("a.bin"), dir.resolve("a.bin"), sha(GOOD));
        assertArrayEquals(GOOD, Files.readAllBytes(dir.resolve("a.bin")));
        assertEquals(1, requests.size());
    }

    @Test void badExistingFileIsReplaced() throws Exception {
        files.put("a.bin", GOOD);
        Path target = dir.resolve("a.bin");
        Files.writeString(target, "garbage");
        new Downloader(log).fetch(url("a.bin"), target, sha(GOOD));
        assertArrayEquals(GOOD, Files.readAllBytes(target));
        assertTrue(logBytes.toString().contains("fails verification"), logBytes.toString());
    }

    @Test void corruptPartialIsRedownloadedFromScratch() throws Exception {
        files.put("a.bin", GOOD);
        byte[] wrongStart = Arrays.copyOf(GOOD, 500);
        wrongStart[3] ^= 1;
        Files.write(dir.resolve("a.bin.part"), wrongStart);
        new Downloader(log).fetch(url("a.bin"), dir.resolve("a.bin"), sha(GOOD));
        assertArrayEquals(GOOD, Files.readAllBytes(dir.resolve("a.bin")));
        assertEquals(List.of("a.bin bytes=500-", "a.bin"), requests);
    }

    @Test void corruptServerFileFailsWithoutLeavingAFile() throws Exception {
        byte[] corrupt = GOOD.clone();
        corrupt[100] ^= 0x20;
        files.put("a.bin", corrupt);
        Path target = dir.resolve("a.bin");
        DataFileException e = assertThrows(DataFileException.class, () -> new Downloader(log).fetch(url("a.bin"), target, sha(GOOD)));
        assertTrue(e.getMessage().contains("failed verification twice") && e.getMessage().contains(url("a.bin").toString()), e.getMessage());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("a.bin.part")));
        assertEquals(2, requests.size());
    }

    @Test void httpErrorsAreReported() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new Downloader(log).fetch(url("missing.bin"), dir.resolve("m.bin"), Checksum.md5("00")));
        assertTrue(e.getMessage().contains("404") && e.getMessage().contains("missing.bin"), e.getMessage());
    }

    @Test void md5Checksums() throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "abc");
        Checksum.md5("900150983cd24fb0d6963f7d28e17f72").verify(f);
        assertThrows(DataFileException.class, () -> Checksum.md5("900150983cd24fb0d6963f7d28e17f73").verify(f));
    }

    /** End to end: a catalog entry whose mirror is the local server, serving the bundled subset's files. */
    @Test void catalogDownloadsThroughAMirror() throws Exception {
        String res = "/dev/nabla/data/fashion-mnist-subset/";
        List<MnistFamily.FileEntry> entries = new java.util.ArrayList<>();
        for (String f : new String[]{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            byte[] b;
            try (var in = getClass().getResourceAsStream(res + f)) { b = in.readAllBytes(); }
            files.put(f, b);
            entries.add(new MnistFamily.FileEntry(f, sha(b)));
        }
        MnistFamily spec = new MnistFamily("tiny", "Tiny", null, List.of(URI.create("http://127.0.0.1:1/")), entries, FashionMNIST.CLASSES, null);
        LoadOptions opt = LoadOptions.defaults().withDataDirs().withSystemDirs().withCacheDir(dir).withMirror(url(""));
        IdxImageDataset test = spec.load(Split.TEST, opt, log);
        assertEquals(500, test.size());
        assertTrue(Files.exists(dir.resolve("tiny/t10k-images-idx3-ubyte.gz")));
        // A damaged cached file is noticed and fetched again.
        Files.write(dir.resolve("tiny/t10k-labels-idx1-ubyte.gz"), new byte[]{1, 2, 3});
        requests.clear();
        assertEquals(500, spec.load(Split.TEST, opt, log).size());
        assertEquals(List.of("t10k-labels-idx1-ubyte.gz"), requests);
    }
}
