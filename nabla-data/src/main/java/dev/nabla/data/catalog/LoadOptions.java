package dev.nabla.data.catalog;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where catalog datasets are looked for and whether they may be downloaded.
 *
 * @param dataDirs  directories searched first, each directly and in a sub-folder named after the dataset
 *                  (defaults: system property {@code nabla.data.dir} or env {@code NABLA_DATA_DIR}, path-separated)
 * @param cacheDir  where downloads go, one sub-folder per dataset (default: property {@code nabla.cache.dir},
 *                  env {@code NABLA_CACHE_DIR}, else {@code ~/.cache/nabla/datasets})
 * @param systemDirs system-wide install roots searched after the cache (default {@code /usr/share/datasets},
 *                  where e.g. {@code apt-get install dataset-fashion-mnist} puts Fashion-MNIST)
 * @param download  fetch missing files from the canonical location (default true unless property
 *                  {@code nabla.offline=true} or env {@code NABLA_OFFLINE=1})
 * @param mirror    a base URL replacing the canonical one (for mirrors and tests), or null
 * @param verify    check each file's SHA-256 against the catalog (default true)
 */
public record LoadOptions(List<Path> dataDirs, Path cacheDir, List<Path> systemDirs, boolean download, URI mirror, boolean verify) {
    public LoadOptions {
        dataDirs = List.copyOf(dataDirs);
        systemDirs = List.copyOf(systemDirs);
    }

    public static LoadOptions defaults() {
        List<Path> data = new ArrayList<>();
        String dirs = System.getProperty("nabla.data.dir", System.getenv("NABLA_DATA_DIR"));
        if (dirs != null) for (String d : dirs.split(java.io.File.pathSeparator)) if (!d.isBlank()) data.add(Path.of(d.trim()));
        String cache = System.getProperty("nabla.cache.dir", System.getenv("NABLA_CACHE_DIR"));
        Path cacheDir = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "nabla", "datasets");
        boolean offline = Boolean.getBoolean("nabla.offline") || "1".equals(System.getenv("NABLA_OFFLINE"))
                || "true".equalsIgnoreCase(System.getenv("NABLA_OFFLINE"));
        return new LoadOptions(data, cacheDir, List.of(Path.of("/usr/share/datasets")), !offline, null, true);
    }

    public LoadOptions withDataDirs(Path... dirs) { return new LoadOptions(List.of(dirs), cacheDir, systemDirs, download, mirror, verify); }

    public LoadOptions withCacheDir(Path dir) { return new LoadOptions(dataDirs, dir, systemDirs, download, mirror, verify); }

    public LoadOptions withSystemDirs(Path... dirs) { return new LoadOptions(dataDirs, cacheDir, List.of(dirs), download, mirror, verify); }

    public LoadOptions withDownload(boolean on) { return new LoadOptions(dataDirs, cacheDir, systemDirs, on, mirror, verify); }

    public LoadOptions withMirror(URI base) { return new LoadOptions(dataDirs, cacheDir, systemDirs, download, base, verify); }

    public LoadOptions withVerify(boolean on) { return new LoadOptions(dataDirs, cacheDir, systemDirs, download, mirror, on); }
}
