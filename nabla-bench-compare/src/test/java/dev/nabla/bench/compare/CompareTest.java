package dev.nabla.bench.compare;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CompareTest {
    @Test void noWorkloadMeansAll() {
        var o = Compare.Options.parse(new String[]{"--quick"});
        assertTrue(o.quick());
        assertEquals(EnumSet.allOf(Workload.class), o.workloads());
        assertEquals(List.of("nabla", "pytorch", "tensorflow"), o.frameworks());
    }

    @Test void tinyNamesBothTinyRows() {
        var o = Compare.Options.parse(new String[]{"tiny", "sgemm", "--frameworks", "nabla,tf"});
        assertEquals(EnumSet.of(Workload.SGEMM, Workload.TINY_FORWARD, Workload.TINY_TRAIN), o.workloads());
        assertEquals(List.of("nabla", "tf"), o.frameworks());
        assertFalse(o.quick());
    }

    @Test void unknownNamesSayWhatIsValid() {
        var e = assertThrows(IllegalArgumentException.class, () -> Compare.Options.parse(new String[]{"gemm"}));
        assertTrue(e.getMessage().contains("'gemm'") && e.getMessage().contains("sgemm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Compare.framework("jax"));
        assertTrue(e.getMessage().contains("'jax'") && e.getMessage().contains("pytorch"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Compare.Options.parse(new String[]{"--fast"}));
    }

    @Test void memoryIsAWorkloadWhereLessIsBetter() {
        assertEquals(EnumSet.of(Workload.MEMORY), Compare.Options.parse(new String[]{"memory"}).workloads());
        assertFalse(Workload.MEMORY.higherIsFaster);
        assertEquals(2.0, Workload.MEMORY.speedRatio(500, 1000), 1e-12, "half the peer's memory is a ratio of 2");
        var ms = List.of(new Measurement(Workload.MEMORY, Report.NABLA, new double[]{400}, ""),
                new Measurement(Workload.MEMORY, "PyTorch", new double[]{1000}, ""), new Measurement(Workload.MEMORY, "TensorFlow", new double[]{600}, ""));
        var r = Report.ratios(ms).getFirst();
        assertEquals("TensorFlow", r.bestPeer());
        assertEquals(1.5, r.toBestPeer(), 1e-12);
    }

    @Test void peakRssIsReadFromProcStatus(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var status = dir.resolve("status");
        java.nio.file.Files.writeString(status, "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  2868288 kB\nVmRSS:\t 100 kB\n");
        assertEquals(2868288, MemoryProbe.peakRssKib(status));
        java.nio.file.Files.writeString(status, "Name:\tjava\n");
        var e = assertThrows(IllegalStateException.class, () -> MemoryProbe.peakRssKib(status));
        assertTrue(e.getMessage().contains("VmHWM"), e.getMessage());
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/status")))
            assertTrue(MemoryProbe.peakRssKib(java.nio.file.Path.of("/proc/self/status")) > 1024, "this JVM uses more than 1 MiB");
    }

    @Test void childOptionsReplaceTheParentsCollectorAndHeapCap() {
        var parent = List.of("--add-modules", "-XX:+UseParallelGC", "-Xmx8g", "-Xss8m", "-XX:StartFlightRecording=filename=x.jfr");
        assertEquals(List.of("--add-modules", "-Xss8m", "-XX:+UseG1GC", "-Xmx400m"), Compare.jvmOptions(parent, List.of("-XX:+UseG1GC", "-Xmx400m")));
        assertEquals(List.of("--add-modules", "-XX:+UseParallelGC", "-Xmx8g", "-Xss8m"), Compare.jvmOptions(parent, List.of()));
    }
}
