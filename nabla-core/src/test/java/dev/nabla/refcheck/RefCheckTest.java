package dev.nabla.refcheck;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The checker itself, on small hand-made cases whose verdicts are known. */
class RefCheckTest {
    /** A one-line case: relu of x = [1, -2] with expected outputs/grads given as JSON arrays. */
    static String reluCase(String id, String op, String out, String grad, double rtol, double atol) {
        return "{\"schema\":\"torch-ref-case/1\",\"id\":\"" + id + "\",\"op\":\"" + op + "\",\"family\":\"elementwise\",\"kind\":\"autograd\","
                + "\"attrs\":{},\"inputs\":[{\"name\":\"x\",\"dtype\":\"float32\",\"shape\":[2],\"requires_grad\":true,\"data\":[1.0,-2.0]}],"
                + "\"outputs\":[{\"name\":\"out\",\"dtype\":\"float32\",\"shape\":[2],\"differentiable\":true,\"data\":" + out + "}],"
                + "\"cotangents\":[{\"name\":\"out\",\"dtype\":\"float32\",\"shape\":[2],\"data\":[3.0,5.0]}],"
                + "\"grads\":[{\"name\":\"x\",\"dtype\":\"float32\",\"shape\":[2],\"data\":" + grad + "}],"
                + "\"tolerance\":{\"rtol\":" + rtol + ",\"atol\":" + atol + "}}";
    }

    static ReferenceCase parse(String line) { return ReferenceCase.parse(line, 1); }

    static final Map<String, OpRunner> CORE = RefCheck.runners(List.of(new CoreRunners()));

    @Test
    void correctCasePassesWithItsRatio() {
        // relu([1, -2]) = [1, 0]; grad = R * (x > 0) = [3, 0]; expected output off by 0.01 -> ratio 0.01 / 0.1
        RefCheck.Result r = RefCheck.check(parse(reluCase("relu_ok", "relu", "[1.01, 0.0]", "[3.0, 0.0]", 0, 0.1)), CORE);
        assertTrue(r.passed(), r.line());
        assertEquals(0.1, r.worstRatio(), 1e-6);
        assertNull(r.reason());
        assertTrue(r.line().startsWith("relu_ok pass 0.100"), r.line());
    }

    @Test
    void wrongOutputValueFailsWithTheRightRatio() {
        // |1 - 1.5| / (atol + rtol * 1.5) = 0.5 / (0.05 + 0.1 * 1.5) = 2.5
        RefCheck.Result r = RefCheck.check(parse(reluCase("relu_bad", "relu", "[1.5, 0.0]", "[3.0, 0.0]", 0.1, 0.05)), CORE);
        assertFalse(r.passed());
        assertEquals(2.5, r.worstRatio(), 1e-9);
        assertTrue(r.reason().contains("out") && r.reason().contains("[0]"), r.reason());
        assertTrue(r.line().startsWith("relu_bad fail 2.50"), r.line());
    }

    @Test
    void wrongGradientFails() {
        // grad of x[0] is 3; expecting 4 gives |3 - 4| / 0.1 = 10
        RefCheck.Result r = RefCheck.check(parse(reluCase("relu_grad", "relu", "[1.0, 0.0]", "[4.0, 0.0]", 0, 0.1)), CORE);
        assertFalse(r.passed());
        assertEquals(10, r.worstRatio(), 1e-9);
        assertTrue(r.reason().startsWith("grad x"), r.reason());
    }

    @Test
    void unknownOpIsUnsupported() {
        RefCheck.Result r = RefCheck.check(parse(reluCase("frob_01", "frobnicate", "[1.0, 0.0]", "[3.0, 0.0]", 0, 0.1)), CORE);
        assertFalse(r.passed());
        assertEquals(RefCheck.UNSUPPORTED, r.reason());
        assertEquals("frob_01 fail unsupported op", r.line());
    }

    /** A runner whose outputs are chosen by the test. */
    record FakeRunner(Map<String, Tensor> outs) implements OpRunner {
        public Set<String> ops() { return Set.of("relu"); }
        public Map<String, Tensor> run(String op, Map<String, Tensor> in, Map<String, Object> attrs) {
            if (outs == null) throw new IllegalStateException("fake: boom for shape " + List.of(in.get("x").shape().length));
            return outs;
        }
    }

    @Test
    void missingOutputShapeMismatchAndExceptionsAreReasons() {
        ReferenceCase c = parse(reluCase("relu_x", "relu", "[1.0, 0.0]", "[3.0, 0.0]", 0, 0.1));
        RefCheck.Result missing = RefCheck.check(c, RefCheck.runners(List.of(new FakeRunner(Map.of("other", Tensor.zeros(2))))));
        assertFalse(missing.passed());
        assertTrue(missing.reason().contains("missing output 'out'"), missing.reason());

        RefCheck.Result shape = RefCheck.check(c, RefCheck.runners(List.of(new FakeRunner(Map.of("out", Tensor.zeros(1, 2))))));
        assertFalse(shape.passed());
        assertTrue(shape.reason().contains("shape [1, 2], expected [2]"), shape.reason());

        RefCheck.Result thrown = RefCheck.check(c, RefCheck.runners(List.of(new FakeRunner(null))));
        assertFalse(thrown.passed());
        assertTrue(thrown.reason().contains("IllegalStateException") && thrown.reason().contains("fake: boom"), thrown.reason());

        RefCheck.Result detached = RefCheck.check(c, RefCheck.runners(List.of(new FakeRunner(Map.of("out", Tensor.of(1f, 0f))))));
        assertFalse(detached.passed());
        assertTrue(detached.reason().contains("not connected"), detached.reason());
    }

    @Test
    void integerOutputsMustMatchExactly() {
        String line = "{\"schema\":\"torch-ref-case/1\",\"id\":\"max_x\",\"op\":\"max\",\"kind\":\"autograd\",\"attrs\":{\"dim\":0},"
                + "\"inputs\":[{\"name\":\"x\",\"dtype\":\"float32\",\"shape\":[3],\"requires_grad\":false,\"data\":[1.0,7.0,2.0]}],"
                + "\"outputs\":[{\"name\":\"values\",\"dtype\":\"float32\",\"shape\":[],\"differentiable\":true,\"data\":[7.0]},"
                + "{\"name\":\"indices\",\"dtype\":\"int64\",\"shape\":[],\"differentiable\":false,\"data\":[2]}],"
                + "\"cotangents\":[],\"grads\":[],\"tolerance\":{\"rtol\":1e-5,\"atol\":1e-5}}";
        RefCheck.Result r = RefCheck.check(parse(line), CORE);
        assertFalse(r.passed());
        assertTrue(r.reason().contains("indices") && r.reason().contains("got 1, expected 2"), r.reason());
        assertEquals(Double.POSITIVE_INFINITY, r.worstRatio());
        RefCheck.Result ok = RefCheck.check(parse(line.replace("\"data\":[2]", "\"data\":[1]")), CORE);
        assertTrue(ok.passed(), ok.line());
    }

    @Test
    void malformedJsonNamesTheLine() {
        String text = reluCase("a_01", "relu", "[1.0, 0.0]", "[3.0, 0.0]", 0, 0.1) + "\n\n{\"id\": \"b\", oops}\n";
        var e = assertThrows(IllegalArgumentException.class, () -> ReferenceCase.parseLines(text));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void schemaErrorsNameLineCaseAndField() {
        String noShape = reluCase("a_01", "relu", "[1.0, 0.0]", "[3.0, 0.0]", 0, 0.1).replace("\"shape\":[2],\"requires_grad\"", "\"requires_grad\"");
        var e = assertThrows(IllegalArgumentException.class, () -> ReferenceCase.parseLines("\n" + noShape));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("a_01") && e.getMessage().contains("'shape'"), e.getMessage());
        String shortData = reluCase("a_02", "relu", "[1.0]", "[3.0, 0.0]", 0, 0.1);
        e = assertThrows(IllegalArgumentException.class, () -> ReferenceCase.parseLines(shortData));
        assertTrue(e.getMessage().contains("1 values but shape [2] needs 2"), e.getMessage());
    }

    @Test
    void commandLinePrintsOneLinePerCaseAndTheSummary(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cases.jsonl");
        Files.writeString(f, reluCase("relu_01", "relu", "[1.0, 0.0]", "[3.0, 0.0]", 1e-5, 1e-6) + "\n"
                + reluCase("nope_01", "nope", "[1.0, 0.0]", "[3.0, 0.0]", 1e-5, 1e-6) + "\n");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = RefCheck.run(new PrintStream(buf, true, StandardCharsets.UTF_8), new String[]{f.toString()});
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("relu_01 pass 0.00", "nope_01 fail unsupported op", "1 passed, 1 failed"), lines);
        assertEquals(1, code);

        buf.reset();
        code = RefCheck.run(new PrintStream(buf, true, StandardCharsets.UTF_8), new String[]{f.toString(), "--ops=relu"});
        assertEquals(0, code);
        assertTrue(buf.toString(StandardCharsets.UTF_8).endsWith("1 passed, 0 failed" + System.lineSeparator()));

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\": 1,,}\n");
        buf.reset();
        code = RefCheck.run(new PrintStream(buf, true, StandardCharsets.UTF_8), new String[]{bad.toString()});
        assertEquals(2, code);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("line 1, column 10"), buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void coreRunnerIsFoundThroughServiceLoader() {
        Map<String, OpRunner> all = RefCheck.runners();
        assertTrue(all.get("matmul") instanceof CoreRunners, "CoreRunners must be registered in META-INF/services");
        assertTrue(all.keySet().containsAll(new CoreRunners().ops()));
    }

    @Test
    void twoRunnersClaimingOneOpIsAnError() {
        var e = assertThrows(IllegalStateException.class, () -> RefCheck.runners(List.of(new CoreRunners(), new FakeRunner(Map.of()))));
        assertTrue(e.getMessage().contains("'relu'"), e.getMessage());
    }
}
