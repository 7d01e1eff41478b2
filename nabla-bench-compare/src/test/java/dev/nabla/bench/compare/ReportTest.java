package dev.nabla.bench.compare;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ReportTest {
    static Measurement m(Workload w, String fw, double... s) { return new Measurement(w, fw, s, ""); }

    @Test void throughputRatioIsNablaOverPeer() {
        var rs = Report.ratios(List.of(m(Workload.SGEMM, "Nabla", 100), m(Workload.SGEMM, "PyTorch", 50), m(Workload.SGEMM, "TensorFlow", 200)));
        assertEquals(1, rs.size());
        assertEquals(2.0, rs.getFirst().perPeer().get("PyTorch"), 1e-12);
        assertEquals(0.5, rs.getFirst().perPeer().get("TensorFlow"), 1e-12);
        assertEquals("TensorFlow", rs.getFirst().bestPeer());
        assertEquals(0.5, rs.getFirst().toBestPeer(), 1e-12);
    }

    @Test void timeRatioIsPeerOverNabla() {
        var rs = Report.ratios(List.of(m(Workload.MLP, "Nabla", 4), m(Workload.MLP, "TensorFlow", 1)));
        assertEquals(0.25, rs.getFirst().toBestPeer(), 1e-12); // Nabla 4x slower
        rs = Report.ratios(List.of(m(Workload.TINY_TRAIN, "Nabla", 10), m(Workload.TINY_TRAIN, "PyTorch", 200)));
        assertEquals(20, rs.getFirst().toBestPeer(), 1e-12);
    }

    @Test void worstPicksTheSmallestRatioAcrossWorkloads() {
        var ms = List.of(m(Workload.SGEMM, "Nabla", 90), m(Workload.SGEMM, "TensorFlow", 100),
                m(Workload.CNN, "Nabla", 300), m(Workload.CNN, "TensorFlow", 900),
                m(Workload.TINY_FORWARD, "Nabla", 2), m(Workload.TINY_FORWARD, "PyTorch", 14));
        var w = Report.worst(Report.ratios(ms));
        assertEquals(Workload.CNN, w.workload());
        assertEquals(1.0 / 3, w.toBestPeer(), 1e-12);
        var buf = new ByteArrayOutputStream();
        Report.printRatios(new PrintStream(buf, true, StandardCharsets.UTF_8), ms);
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals("worst ratio to best peer: 0.33 (cnn)", lines[lines.length - 1]);
    }

    @Test void workloadsWithoutNablaOrWithoutPeerAreNotRatioed() {
        var rs = Report.ratios(List.of(m(Workload.LSTM, "Nabla", 100), m(Workload.SGEMM, "PyTorch", 50)));
        assertTrue(rs.isEmpty());
        assertNull(Report.worst(rs));
    }

    @Test void lineShowsMedianUnitAndSpread() {
        String line = Report.line(m(Workload.CNN, "Nabla", 300, 100, 200));
        assertTrue(line.matches("cnn\\s+Nabla\\s+200 img/s\\s+median of 3 \\[100-300]"), line);
    }

    @Test void medianOfEvenAndOddCounts() {
        assertEquals(2, m(Workload.SGEMM, "x", 3, 1, 2).median(), 0);
        assertEquals(2.5, m(Workload.SGEMM, "x", 4, 1, 3, 2).median(), 0);
        assertEquals(1, m(Workload.SGEMM, "x", 4, 1, 3, 2).min(), 0);
        assertEquals(4, m(Workload.SGEMM, "x", 4, 1, 3, 2).max(), 0);
        assertThrows(IllegalArgumentException.class, () -> m(Workload.SGEMM, "x"));
    }

    @Test void formatKeepsThreeSignificantDigits() {
        assertEquals("0.0123", Report.fmt(0.012345));
        assertEquals("1.23", Report.fmt(1.2345));
        assertEquals("12.3", Report.fmt(12.345));
        assertEquals("1235", Report.fmt(1234.6));
    }
}
