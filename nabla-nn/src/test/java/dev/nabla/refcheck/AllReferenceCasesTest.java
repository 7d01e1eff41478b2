package dev.nabla.refcheck;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The whole PyTorch reference file through every runner on the class path (core and nn). Passes
 * only once the nn runners (linear, conv, pool, norms, embedding, losses, rnn, attention,
 * optimizers) are all registered; the message lists the failing cases.
 */
@Tag("full-reference")
class AllReferenceCasesTest {
    @Test
    void all115CasesPass() throws IOException {
        List<ReferenceCase> cases = BundledCases.all();
        assertEquals(115, cases.size());
        List<RefCheck.Result> results = RefCheck.check(cases, RefCheck.runners());
        List<RefCheck.Result> failed = results.stream().filter(r -> !r.passed()).toList();
        assertTrue(failed.isEmpty(), failed.size() + " of 115 reference cases fail:\n"
                + failed.stream().map(RefCheck.Result::line).collect(Collectors.joining("\n")));
    }
}
