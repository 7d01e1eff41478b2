package dev.nabla.data.catalog;

import dev.nabla.data.DataFileException;
import dev.nabla.data.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Downloads a file to {@code target} safely: bytes go to {@code target.part}; an interrupted download
 * resumes from the part file with an HTTP Range request; the result is verified against its checksum
 * and only then renamed into place, so {@code target} is never a partial or corrupt file. A file that
 * fails verification (after a resume, or a bad existing file) is deleted and downloaded once more from
 * scratch before giving up.
 */
public final class Downloader {
    private final java.io.PrintStream log;

    /** Progress and retries are reported to {@code log}. */
    public Downloader(java.io.PrintStream log) { this.log = log; }

    /** Ensures {@code target} exists and matches {@code checksum}, downloading from {@code url} if needed. Returns target. */
    public Path fetch(URI url, Path target, Checksum checksum) {
        if (Files.exists(target)) {
            try {
                checksum.verify(target);
                return target;
            } catch (DataFileException bad) {
                log.println("nabla: " + target + " fails verification (" + bad.getMessage() + "); downloading it again");
                delete(target);
            }
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        for (int attempt = 1; ; attempt++) {
            transfer(url, part);
            try {
                checksum.verify(part);
                AtomicFiles.moveIntoPlace(part, target);
                return target;
            } catch (DataFileException bad) {
                delete(part);
                if (attempt >= 2)
                    throw new DataFileException(target, "", "download from " + url + " failed verification twice (" + bad.getMessage()
                            + "); the partial file was deleted. Check the URL or mirror, or install the file by hand");
                log.println("nabla: download of " + url + " is corrupt; retrying from scratch");
            } catch (IOException e) {
                throw new UncheckedIOException("Downloader: cannot move " + part + " to " + target + ": " + e.getMessage(), e);
            }
        }
    }

    /** Appends the remote bytes to {@code part}, resuming after what it already holds when the server allows. */
    private void transfer(URI url, Path part) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build()) {
            Files.createDirectories(part.toAbsolutePath().getParent());
            long have = Files.exists(part) ? Files.size(part) : 0;
            HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET();
            if (have > 0) req.header("Range", "bytes=" + have + "-");
            HttpResponse<InputStream> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = resp.statusCode();
            boolean append = status == 206 && have > 0;
            if (status == 416 && have > 0) { // nothing left to fetch: the part file is complete (verification decides)
                resp.body().close();
                return;
            }
            if (status != 200 && status != 206) {
                resp.body().close();
                throw new UncheckedIOException(new IOException("Downloader: GET " + url + " answered HTTP " + status));
            }
            log.println("nabla: downloading " + url + (append ? " (resuming at byte " + have + ")" : ""));
            try (InputStream in = resp.body();
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Downloader: GET " + url + " failed: " + e.getMessage()
                    + " (offline? the bytes received so far are kept in " + part + " for resuming)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("Downloader: interrupted while downloading " + url, e));
        }
    }

    private static void delete(Path p) {
        try { Files.deleteIfExists(p); } catch (IOException ignored) { /* the next write replaces it anyway */ }
    }
}
