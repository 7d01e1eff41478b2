package dev.nabla.refcheck;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** Every PyTorch reference case of a core op passes (the file is a copy in test resources). */
class CoreReferenceCasesTest {
    @Test
    void allCoreOpCasesPass() throws IOException {
        CoreRunners core = new CoreRunners();
        List<ReferenceCase> cases = BundledCases.all().stream().filter(c -> core.ops().contains(c.op())).toList();
        // 60 core-op cases in the file: a case dropped by a filter or parser change fails here
        assertEquals(60, cases.size());
        assertEquals(core.ops(), cases.stream().map(ReferenceCase::op).collect(Collectors.toSet()), "every core op has cases");
        List<RefCheck.Result> results = RefCheck.check(cases, RefCheck.runners(List.of(core)));
        String failures = results.stream().filter(r -> !r.passed()).map(RefCheck.Result::line).collect(Collectors.joining("\n"));
        assertEquals("", failures);
        // the float32 core should stay well inside the tolerance (PyTorch's own worst is 0.22)
        double worst = results.stream().mapToDouble(RefCheck.Result::worstRatio).filter(d -> !Double.isNaN(d)).max().orElseThrow();
        assertTrue(worst < 0.3, "worst ratio " + worst);
    }
}
