package dev.nabla.train.callbacks;

import dev.nabla.train.Model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Appends one CSV row per epoch ({@code epoch,loss,accuracy,...}); the file is complete after every epoch. */
public final class CsvLogger implements Callback {
    private final Path path;
    private final boolean append;
    private List<String> columns;

    /** @param append keep an existing file (e.g. when resuming) instead of starting a new one */
    public CsvLogger(Path path, boolean append) { this.path = path; this.append = append; }

    public CsvLogger(Path path) { this(path, false); }

    @Override public void onTrainBegin(Model model) {
        columns = null;
        try {
            if (path.toAbsolutePath().getParent() != null) Files.createDirectories(path.toAbsolutePath().getParent());
            if (append && Files.exists(path)) {
                List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
                if (!lines.isEmpty()) columns = List.of(lines.getFirst().split(",")).subList(1, lines.getFirst().split(",").length);
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot prepare " + path + ": " + e.getMessage(), e);
        }
    }

    @Override public void onEpochEnd(Model model, int epoch, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        if (columns == null) {
            columns = new ArrayList<>(logs.keySet());
            sb.append("epoch,").append(String.join(",", columns)).append('\n');
        }
        sb.append(epoch);
        for (String c : columns) {
            Double v = logs.get(c);
            sb.append(',').append(v == null ? "" : v.toString());
        }
        sb.append('\n');
        try {
            Files.writeString(path, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
