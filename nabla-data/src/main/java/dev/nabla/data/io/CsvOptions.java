package dev.nabla.data.io;

import java.util.Set;

/**
 * How to read a CSV file into examples.
 *
 * @param header       the first line names the columns
 * @param delimiter    field separator, usually ','
 * @param labelColumn  name (with a header) or zero-based index (as a string) of the target column
 * @param classify     true: the label is a class (values mapped to 0..K-1 in sorted order); false: a float regression target
 * @param categorical  feature columns holding categories, one-hot encoded (values in sorted order); all others must be numeric
 */
public record CsvOptions(boolean header, char delimiter, String labelColumn, boolean classify, Set<String> categorical) {
    public CsvOptions {
        categorical = Set.copyOf(categorical);
    }

    /** A header line, commas, the given label column as a class, no categorical features. */
    public static CsvOptions classification(String labelColumn) { return new CsvOptions(true, ',', labelColumn, true, Set.of()); }

    /** A header line, commas, the given label column as a float target. */
    public static CsvOptions regression(String labelColumn) { return new CsvOptions(true, ',', labelColumn, false, Set.of()); }

    public CsvOptions withCategorical(String... columns) { return new CsvOptions(header, delimiter, labelColumn, classify, Set.of(columns)); }

    public CsvOptions withoutHeader() { return new CsvOptions(false, delimiter, labelColumn, classify, categorical); }

    public CsvOptions withDelimiter(char d) { return new CsvOptions(header, d, labelColumn, classify, categorical); }
}
