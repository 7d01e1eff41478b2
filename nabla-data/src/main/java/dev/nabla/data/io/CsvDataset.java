package dev.nabla.data.io;

import dev.nabla.data.DataFileException;
import dev.nabla.data.Dataset;
import dev.nabla.data.Example;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A CSV table as labelled examples: each row becomes a float32 feature vector [F] (numeric columns as
 * they are, categorical columns one-hot) and a target (int64 class index or float32 value). The whole
 * file is parsed and checked up front; a ragged row, a non-number in a numeric column, an empty field
 * or an unterminated quote is a {@link DataFileException} naming the file, line and column.
 *
 * <pre>{@code
 * CsvDataset iris = CsvDataset.load(Path.of("iris.csv"), CsvOptions.classification("species"));
 * iris.classes();        // [setosa, versicolor, virginica]
 * iris.get(0).input();   // [4] float32
 * }</pre>
 */
public final class CsvDataset implements Dataset<Example> {
    private final float[] features;
    private final int width;
    private final long[] classLabels;
    private final float[] values;
    private final List<String> featureNames;
    private final List<String> classes;

    private CsvDataset(float[] features, int width, long[] classLabels, float[] values, List<String> featureNames, List<String> classes) {
        this.features = features; this.width = width; this.classLabels = classLabels; this.values = values;
        this.featureNames = featureNames; this.classes = classes;
    }

    public static CsvDataset load(Path file, CsvOptions opt) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new DataFileException(file, "", "is not UTF-8 text (" + e + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvDataset: cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNo = new ArrayList<>();
        String[] names = null;
        for (int k = 0; k < lines.size(); k++) {
            String line = lines.get(k);
            if (k == 0 && line.startsWith("\uFEFF")) line = line.substring(1); // byte-order mark written by spreadsheet programs
            if (line.isBlank()) continue;
            String[] f = split(line, opt.delimiter(), file, k + 1);
            if (names == null && opt.header()) { names = f; continue; }
            int expected = names != null ? names.length : rows.isEmpty() ? f.length : rows.get(0).length;
            if (f.length != expected)
                throw new DataFileException(file, "line " + (k + 1), "has " + f.length + " fields but " + expected + " were expected ("
                        + (names != null ? "as in the header" : "as in the first row") + ")");
            rows.add(f);
            lineNo.add(k + 1);
        }
        if (rows.isEmpty()) throw new DataFileException(file, "", "has no data rows");
        int cols = rows.get(0).length;
        if (names == null) {
            names = new String[cols];
            for (int c = 0; c < cols; c++) names[c] = Integer.toString(c);
        }
        int label = column(names, opt.labelColumn(), file);
        for (String cat : opt.categorical()) column(names, cat, file);

        // Sorted category vocabularies make the encoding independent of row order.
        List<List<String>> cats = new ArrayList<>();
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            if (c == label) { cats.add(null); continue; }
            if (opt.categorical().contains(names[c]) || opt.categorical().contains(Integer.toString(c))) {
                TreeSet<String> seen = new TreeSet<>();
                for (String[] r : rows) seen.add(r[c]);
                cats.add(new ArrayList<>(seen));
                for (String v : seen) featureNames.add(names[c] + "=" + v);
            } else {
                cats.add(null);
                featureNames.add(names[c]);
            }
        }
        int width = featureNames.size(), n = rows.size();
        float[] features = new float[n * width];
        for (int r = 0; r < n; r++) {
            int at = r * width;
            for (int c = 0; c < cols; c++) {
                if (c == label) continue;
                String v = rows.get(r)[c];
                List<String> cat = cats.get(c);
                if (cat != null) {
                    features[at + java.util.Collections.binarySearch(cat, v)] = 1;
                    at += cat.size();
                } else {
                    features[at++] = number(v, file, lineNo.get(r), names[c], "list the column in CsvOptions.withCategorical if it holds categories");
                }
            }
        }
        if (opt.classify()) {
            Map<String, Integer> ids = new TreeMap<>();
            for (String[] r : rows) ids.put(r[label], 0);
            List<String> classes = new ArrayList<>(ids.keySet());
            for (int k = 0; k < classes.size(); k++) ids.put(classes.get(k), k);
            long[] y = new long[n];
            for (int r = 0; r < n; r++) y[r] = ids.get(rows.get(r)[label]);
            return new CsvDataset(features, width, y, null, List.copyOf(featureNames), List.copyOf(classes));
        }
        float[] y = new float[n];
        for (int r = 0; r < n; r++) y[r] = number(rows.get(r)[label], file, lineNo.get(r), names[label], "a regression target must be numeric");
        return new CsvDataset(features, width, null, y, List.copyOf(featureNames), List.of());
    }

    @Override public int size() { return classLabels != null ? classLabels.length : values.length; }

    @Override public Example get(int index) {
        Dataset.checkIndex(index, size());
        Tensor x = Tensor.wrap(java.util.Arrays.copyOfRange(features, index * width, (index + 1) * width), width);
        return classLabels != null ? new Example(x, Tensor.scalar(classLabels[index], DType.INT64))
                : new Example(x, Tensor.scalar(values[index]));
    }

    /** Names of the feature vector's entries; one-hot entries read {@code column=value}. */
    public List<String> featureNames() { return featureNames; }

    /** Class names in label order (empty for regression). */
    public List<String> classes() { return classes; }

    private static int column(String[] names, String wanted, Path file) {
        for (int c = 0; c < names.length; c++) if (names[c].equals(wanted)) return c;
        try {
            int c = Integer.parseInt(wanted);
            if (c >= 0 && c < names.length) return c;
        } catch (NumberFormatException ignored) { /* not an index */ }
        throw new DataFileException(file, "header", "has no column '" + wanted + "'; columns are " + java.util.Arrays.toString(names));
    }

    private static float number(String v, Path file, int line, String col, String hint) {
        if (v.isEmpty()) throw new DataFileException(file, "line " + line + ", column '" + col + "'", "empty field; a number was expected");
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new DataFileException(file, "line " + line + ", column '" + col + "'", "'" + v + "' is not a number (" + hint + ")");
        }
    }

    /** Splits one line; double quotes protect delimiters, and "" inside quotes is one quote. Fields are trimmed. */
    static String[] split(String line, char delim, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cur.append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cur.append(ch);
            } else if (ch == '"') quoted = true;
            else if (ch == delim) { out.add(cur.toString().trim()); cur.setLength(0); }
            else cur.append(ch);
        }
        if (quoted) throw new DataFileException(file, "line " + lineNo, "unterminated quoted field (fields spanning lines are not supported)");
        out.add(cur.toString().trim());
        return out.toArray(new String[0]);
    }
}
