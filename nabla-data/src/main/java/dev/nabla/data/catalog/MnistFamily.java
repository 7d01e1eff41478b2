package dev.nabla.data.catalog;

import dev.nabla.data.DataFileException;
import dev.nabla.data.io.Idx;
import dev.nabla.data.io.IdxArray;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog entry for an MNIST-style dataset (four IDX files) and the search that finds it: configured
 * data dirs, the download cache, the system install dir, and finally a verified download into the cache.
 *
 * @param name         folder name, e.g. {@code fashion-mnist}
 * @param title        display name, e.g. {@code Fashion-MNIST}
 * @param debPackage   Debian package installing it under a system dir, or null
 * @param urls         canonical base URLs, tried in order
 * @param files        train images, train labels, test images, test labels (names of the .gz files) with checksums
 * @param classes      class names by label
 * @param resourceDir  classpath folder of the bundled subset, or null
 */
public record MnistFamily(String name, String title, String debPackage, List<URI> urls, List<FileEntry> files, List<String> classes,
                          String resourceDir) {

    /** One file of the dataset and the checksum it must match. */
    public record FileEntry(String fileName, Checksum checksum) {}

    /** Finds (or downloads) and loads one split. */
    public IdxImageDataset load(Split split, LoadOptions opt, PrintStream log) {
        FileEntry img = files.get(split == Split.TRAIN ? 0 : 2), lab = files.get(split == Split.TRAIN ? 1 : 3);
        List<String> looked = new ArrayList<>();
        Path cache = opt.cacheDir().resolve(name);
        for (Path dir : candidates(opt)) {
            if (dir.equals(cache) && opt.download()) { // the download step verifies, reuses, resumes or replaces what is there
                looked.add(dir + "  (download cache)");
                continue;
            }
            Path i = present(dir, img.fileName()), l = present(dir, lab.fileName());
            looked.add(dir + (i != null && l == null ? "  (images present, labels missing)" : i == null && l != null ? "  (labels present, images missing)" : ""));
            if (i != null && l != null) return read(i, img, l, lab, opt);
        }
        Throwable downloadError = null;
        if (opt.download()) {
            Path dir = cache;
            Downloader dl = new Downloader(log);
            List<URI> bases = opt.mirror() != null ? List.of(opt.mirror()) : urls;
            for (URI base : bases) {
                try {
                    Path i = dl.fetch(resolve(base, img.fileName()), dir.resolve(img.fileName()), img.checksum());
                    Path l = dl.fetch(resolve(base, lab.fileName()), dir.resolve(lab.fileName()), lab.checksum());
                    return read(i, img, l, lab, opt.withVerify(false)); // just verified by the downloader
                } catch (RuntimeException e) {
                    downloadError = e;
                    log.println("nabla: " + e.getMessage());
                }
            }
        }
        throw new DatasetNotFoundException(notFound(split, img, lab, looked, opt, downloadError), downloadError);
    }

    /** The bundled subset of a split, read from the classpath. */
    public IdxImageDataset bundled(Split split) {
        if (resourceDir == null) throw new UnsupportedOperationException(title + " ships no bundled subset");
        FileEntry img = files.get(split == Split.TRAIN ? 0 : 2), lab = files.get(split == Split.TRAIN ? 1 : 3);
        return new IdxImageDataset(resource(img.fileName()), resource(lab.fileName()), classes.size());
    }

    private IdxArray resource(String file) {
        String path = resourceDir + "/" + file;
        try (InputStream in = MnistFamily.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(title + ": bundled file " + path + " is missing from the classpath (broken build?)");
            return Idx.read(Path.of("classpath:" + path), in);
        } catch (IOException e) {
            throw new UncheckedIOException(title + ": cannot read bundled " + path, e);
        }
    }

    private List<Path> candidates(LoadOptions opt) {
        List<Path> dirs = new ArrayList<>();
        for (Path d : opt.dataDirs()) { dirs.add(d); dirs.add(d.resolve(name)); }
        dirs.add(opt.cacheDir().resolve(name));
        for (Path d : opt.systemDirs()) dirs.add(d.resolve(name));
        return dirs;
    }

    /** The file as named (gzipped) or its uncompressed twin, if present. */
    private static Path present(Path dir, String gzName) {
        Path gz = dir.resolve(gzName), raw = dir.resolve(gzName.replaceFirst("\\.gz$", ""));
        return Files.isRegularFile(gz) ? gz : Files.isRegularFile(raw) ? raw : null;
    }

    private IdxImageDataset read(Path i, FileEntry ie, Path l, FileEntry le, LoadOptions opt) {
        return new IdxImageDataset(read(i, ie, opt), read(l, le, opt), classes.size());
    }

    /** Catalog content digests allow a verified decompressed copy in the cache (see {@link VerifiedCopies}). */
    private IdxArray read(Path file, FileEntry e, LoadOptions opt) {
        Checksum c = e.checksum();
        if (c.gunzip() && c.algorithm().equals("SHA-256"))
            return VerifiedCopies.read(file, opt.cacheDir().resolve(name), c.hex(), opt.verify() ? a -> check(a, e) : null);
        IdxArray a = Idx.read(file);
        if (opt.verify()) check(a, e);
        return a;
    }

    /** Content checksums are checked against the digest computed while parsing; file checksums need the file's own bytes. */
    private static void check(IdxArray a, FileEntry e) {
        Checksum c = e.checksum();
        if (c.gunzip() && c.algorithm().equals("SHA-256")) {
            if (!a.sha256().equals(c.hex()))
                throw new DataFileException(a.source(), "", "content SHA-256 is " + a.sha256() + " but " + e.fileName() + " should have " + c.hex()
                        + " (a different or damaged file; delete it, or load with LoadOptions.withVerify(false) if it is intentionally different)");
        } else if (a.source().toString().endsWith(".gz") == e.fileName().endsWith(".gz")) {
            c.verify(a.source());
        }
    }

    private static URI resolve(URI base, String file) {
        String b = base.toString();
        return URI.create(b.endsWith("/") ? b + file : b + "/" + file);
    }

    private String notFound(Split split, FileEntry img, FileEntry lab, List<String> looked, LoadOptions opt, Throwable dl) {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append(" (").append(split.name().toLowerCase()).append(" split) was not found. Looked for ")
                .append(img.fileName()).append(" and ").append(lab.fileName()).append(" (or without .gz) in:\n");
        for (String s : looked) sb.append("  ").append(s).append('\n');
        if (!opt.download()) sb.append("Downloading is off (LoadOptions.withDownload(false), -Dnabla.offline=true or NABLA_OFFLINE=1).\n");
        else sb.append("Downloading into ").append(opt.cacheDir().resolve(name)).append(" failed: ").append(dl == null ? "no URL" : dl.getMessage()).append('\n');
        sb.append("To fix: ");
        if (debPackage != null) sb.append("run `apt-get install ").append(debPackage).append("`; or ");
        sb.append("copy the four files into one of the folders above (or point -Dnabla.data.dir / NABLA_DATA_DIR at them)");
        if (!opt.download()) sb.append("; or allow downloading");
        if (resourceDir != null) sb.append("; for a quick start without files use the bundled subset (").append(title.replace("-", "")).append(".subset(split))");
        return sb.append('.').toString();
    }
}
