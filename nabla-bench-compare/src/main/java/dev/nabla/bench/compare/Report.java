package dev.nabla.bench.compare;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Formats the measurements of one run: a line per workload and framework, then per workload the
 * speed ratio of Nabla to each peer, and last {@code worst ratio to best peer: R (WORKLOAD)}.
 */
public final class Report {
    public static final String NABLA = "Nabla";

    private Report() {}

    /** Nabla's speed relative to the fastest peer on one workload (above 1 = Nabla faster). */
    public record Ratio(Workload workload, Map<String, Double> perPeer, String bestPeer, double toBestPeer) {}

    /**
     * The ratios for every workload that Nabla and at least one peer measured.
     *
     * @param ms measurements of one run, any order (not modified)
     */
    public static List<Ratio> ratios(List<Measurement> ms) {
        Map<Workload, List<Measurement>> byWorkload = new LinkedHashMap<>();
        for (Measurement m : ms) byWorkload.computeIfAbsent(m.workload(), k -> new ArrayList<>()).add(m);
        List<Ratio> out = new ArrayList<>();
        for (var e : byWorkload.entrySet()) {
            Workload w = e.getKey();
            Measurement nabla = e.getValue().stream().filter(m -> m.framework().equals(NABLA)).findFirst().orElse(null);
            if (nabla == null) continue;
            Map<String, Double> perPeer = new LinkedHashMap<>();
            String best = null;
            double toBest = Double.POSITIVE_INFINITY;
            for (Measurement m : e.getValue()) {
                if (m == nabla) continue;
                double r = w.speedRatio(nabla.median(), m.median());
                perPeer.put(m.framework(), r);
                if (r < toBest) { toBest = r; best = m.framework(); }
            }
            if (best != null) out.add(new Ratio(w, perPeer, best, toBest));
        }
        return out;
    }

    /** The workload where Nabla is furthest behind (or least ahead of) its best peer; null if none was compared. */
    public static Ratio worst(List<Ratio> ratios) {
        Ratio worst = null;
        for (Ratio r : ratios) if (worst == null || r.toBestPeer() < worst.toBestPeer()) worst = r;
        return worst;
    }

    /** One measurement as a line: workload, framework, median figure and unit, min-max over the repeats. */
    public static String line(Measurement m) {
        return String.format(Locale.ROOT, "%-12s %-11s %10s %-8s median of %d [%s-%s]%s", m.workload().id, m.framework(),
                fmt(m.median()), m.workload().unit, m.samples().length, fmt(m.min()), fmt(m.max()),
                m.note().isEmpty() ? "" : "  (" + m.note() + ")");
    }

    /** Prints the ratio block and the final worst-ratio line. */
    public static void printRatios(PrintStream out, List<Measurement> ms) {
        List<Ratio> rs = ratios(ms);
        out.println("Nabla speed / peer speed (above 1 = Nabla faster; times: peer_time / nabla_time):");
        for (Ratio r : rs) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s", r.workload().id));
            r.perPeer().forEach((peer, v) -> sb.append(String.format(Locale.ROOT, "  vs %s %.2f", peer, v)));
            out.println(sb);
        }
        Ratio w = worst(rs);
        if (w != null) out.printf(Locale.ROOT, "worst ratio to best peer: %.2f (%s)%n", w.toBestPeer(), w.workload().id);
        else out.println("worst ratio to best peer: none (no workload ran in Nabla and a peer)");
    }

    /** Three significant digits at least, no exponent: 0.0123, 1.23, 123, 12345. */
    static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
