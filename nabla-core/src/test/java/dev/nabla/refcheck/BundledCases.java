package dev.nabla.refcheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The PyTorch reference cases kept once in nabla-core's test resources
 * ({@code reference/torch_cases.jsonl}); other modules see them through nabla-core's test jar.
 */
public final class BundledCases {
    private BundledCases() {}

    /** Every case of the bundled file, in file order. */
    public static List<ReferenceCase> all() throws IOException {
        try (InputStream in = BundledCases.class.getResourceAsStream("/reference/torch_cases.jsonl")) {
            assertNotNull(in, "reference/torch_cases.jsonl missing (nabla-core test resources, or nabla-core's test jar)");
            return ReferenceCase.parseLines(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Checks one runner against the bundled cases of its ops: ServiceLoader registers it for exactly
     * the ops of {@code casesPerOp}, each op has exactly that many cases (so a case dropped from the
     * file or by a filter fails), and every one of them passes {@link RefCheck#check}.
     *
     * @param runner     the runner class. Not modified.
     * @param casesPerOp op name to its expected number of cases. Not modified.
     */
    public static void assertRunnerPasses(Class<? extends OpRunner> runner, Map<String, Integer> casesPerOp) throws IOException {
        Map<String, OpRunner> registered = RefCheck.runners();
        OpRunner found = registered.values().stream().filter(runner::isInstance).findFirst()
                .orElseThrow(() -> new AssertionError(runner.getSimpleName()
                        + " is not registered in META-INF/services/dev.nabla.refcheck.OpRunner"));
        assertEquals(new TreeSet<>(casesPerOp.keySet()), new TreeSet<>(found.ops()), "ops the runner claims");
        for (String op : casesPerOp.keySet())
            assertInstanceOf(runner, registered.get(op), "runner registered for '" + op + "'");

        List<ReferenceCase> cases = all().stream().filter(c -> casesPerOp.containsKey(c.op())).toList();
        Map<String, Integer> perOp = new TreeMap<>();
        for (ReferenceCase c : cases) perOp.merge(c.op(), 1, Integer::sum);
        assertEquals(new TreeMap<>(casesPerOp), perOp, "reference cases per op");

        String failures = RefCheck.check(cases, registered).stream().filter(r -> !r.passed())
                .map(RefCheck.Result::line).collect(Collectors.joining("\n"));
        assertEquals("", failures, "failing reference cases");
    }
}
