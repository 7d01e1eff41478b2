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
}
