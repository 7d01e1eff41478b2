package dev.nabla.cli;

import dev.nabla.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the run's plots (loss.png, accuracy.png) and a small self-contained report.html. */
final class Report {
    private Report() {}

    /** A line chart of train and validation curves of {@code key}; false when the history has no such key. */
    static boolean plot(Path png, History h, String key, String title) {
        if (!h.keys().contains(key)) return false;
        XYChart chart = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle("epoch").yAxisTitle(key).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setMarkerSize(6);
        double[] x = h.epochNumbers().stream().mapToDouble(Integer::doubleValue).toArray();
        chart.addSeries("train", x, h.get(key)).setMarker(SeriesMarkers.CIRCLE);
        if (h.keys().contains("val_" + key)) chart.addSeries("validation", x, h.get("val_" + key)).setMarker(SeriesMarkers.SQUARE);
        try {
            Files.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + png + ": " + e.getMessage(), e);
        }
        return true;
    }

    static void html(Path file, String title, RunConfig cfg, String dataDescription, History h, Map<String, Double> test,
                     long[][] confusion, List<String> classNames, List<String> images, String extraHtml) {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n<style>")
         .append("body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}")
         .append("td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#f3f3f3}")
         .append("td.d{background:#d9f2d9;font-weight:bold}pre{background:#f6f6f6;padding:1em;white-space:pre-wrap}</style></head><body>\n");
        s.append("<h1>").append(esc(title)).append("</h1>\n<p>Data: ").append(esc(dataDescription)).append("</p>\n");
        s.append("<h2>Test results</h2>\n<table>");
        for (var e : test.entrySet()) s.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(fmt(e.getValue())).append("</td></tr>");
        s.append("</table>\n");
        for (String img : images) s.append("<p><img src=\"").append(esc(img)).append("\" alt=\"").append(esc(img)).append("\"></p>\n");
        if (confusion != null) {
            s.append("<h2>Confusion matrix (rows: true class, columns: predicted)</h2>\n<table><tr><th></th>");
            for (int j = 0; j < confusion.length; j++) s.append("<th>").append(esc(name(classNames, j))).append("</th>");
            s.append("<th>recall</th></tr>\n");
            for (int i = 0; i < confusion.length; i++) {
                long row = 0;
                for (long v : confusion[i]) row += v;
                s.append("<tr><th>").append(esc(name(classNames, i))).append("</th>");
                for (int j = 0; j < confusion.length; j++)
                    s.append(i == j ? "<td class=\"d\">" : "<td>").append(confusion[i][j]).append("</td>");
                s.append("<td>").append(row == 0 ? "-" : fmt((double) confusion[i][i] / row)).append("</td></tr>\n");
            }
            s.append("</table>\n");
        }
        if (extraHtml != null) s.append(extraHtml);
        s.append("<h2>Per-epoch metrics</h2>\n<table><tr><th>epoch</th>");
        List<String> keys = List.copyOf(h.keys());
        for (String k : keys) s.append("<th>").append(esc(k)).append("</th>");
        s.append("</tr>\n");
        for (int i = 0; i < h.size(); i++) {
            s.append("<tr><td>").append(h.epochNumbers().get(i)).append("</td>");
            for (String k : keys) s.append("<td>").append(fmt(h.epoch(i).getOrDefault(k, Double.NaN))).append("</td>");
            s.append("</tr>\n");
        }
        s.append("</table>\n<h2>Configuration</h2>\n<pre>").append(esc(dev.nabla.io.Json.write(cfg.toMap()))).append("</pre>\n");
        s.append("<p>Nabla ").append(esc(dev.nabla.train.Checkpoint.nablaVersion())).append(", Java ").append(esc(System.getProperty("java.version")))
         .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores</p>\n</body></html>\n");
        try {
            Files.writeString(file, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file + ": " + e.getMessage(), e);
        }
    }

    private static String name(List<String> names, int i) { return names != null && i < names.size() ? names.get(i) : Integer.toString(i); }

    static String fmt(double v) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.4f", v); }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
