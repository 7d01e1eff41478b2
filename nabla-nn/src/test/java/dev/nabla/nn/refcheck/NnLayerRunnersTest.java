package dev.nabla.nn.refcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.refcheck.OpRunner;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs every PyTorch reference case of the nn layer ops (a copy of the shared cases filtered to
 * these ops, in src/test/resources/reference/torch_cases_nn.jsonl) through the runner found by
 * ServiceLoader: forward outputs, then gradients of sum(out·cotangent), within the case tolerance.
 */
class NnLayerRunnersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> cases() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        var in = NnLayerRunnersTest.class.getResourceAsStream("/reference/torch_cases_nn.jsonl");
        assertNotNull(in, "reference cases missing from test resources");
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) if (!line.isBlank()) out.add(JSON.readTree(line));
        }
        return out;
    }

    static OpRunner runner() {
        for (OpRunner r : ServiceLoader.load(OpRunner.class)) if (r instanceof NnLayerRunners) return r;
        throw new AssertionError("NnLayerRunners is not registered in META-INF/services/dev.nabla.refcheck.OpRunner");
    }

    @Test void everyOpHasCasesAndEveryCaseIsHandled() throws Exception {
        OpRunner r = runner();
        Set<String> seen = new HashSet<>();
        for (JsonNode c : cases()) seen.add(c.get("op").asText());
        assertEquals(r.ops(), seen, "ops in the case file vs ops the runner claims");
    }

    @TestFactory List<DynamicTest> referenceCases() throws Exception {
        OpRunner r = runner();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases()) tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check(r, c)));
        assertTrue(tests.size() >= 25, "expected all reference cases, got " + tests.size());
        return tests;
    }

    private static void check(OpRunner r, JsonNode c) {
        String id = c.get("id").asText();
        double rtol = c.get("tolerance").get("rtol").asDouble(), atol = c.get("tolerance").get("atol").asDouble();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (JsonNode t : c.get("inputs")) inputs.put(t.get("name").asText(), tensor(t, t.get("requires_grad").asBoolean()));
        @SuppressWarnings("unchecked")
        Map<String, Object> attrs = JSON.convertValue(c.get("attrs"), Map.class);
        Map<String, Tensor> outs = r.run(c.get("op").asText(), inputs, attrs);
        for (JsonNode t : c.get("outputs")) {
            String name = t.get("name").asText();
            Tensor got = outs.get(name);
            assertNotNull(got, id + ": output " + name + " missing");
            compare(id + " output " + name, t, got, rtol, atol);
        }
        Tensor loss = null;
        for (JsonNode cot : c.get("cotangents")) {
            Tensor term = outs.get(cot.get("name").asText()).mul(tensor(cot, false).to(DType.FLOAT32)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        if (loss == null) return;
        loss.backward();
        for (JsonNode gr : c.get("grads")) {
            Tensor in = inputs.get(gr.get("name").asText());
            assertNotNull(in.grad(), id + ": no gradient reached input " + gr.get("name").asText());
            compare(id + " grad " + gr.get("name").asText(), gr, in.grad(), rtol, atol);
        }
    }

    private static Tensor tensor(JsonNode t, boolean requiresGrad) {
        int[] shape = new int[t.get("shape").size()];
        for (int k = 0; k < shape.length; k++) shape[k] = t.get("shape").get(k).asInt();
        JsonNode data = t.get("data");
        String dt = t.get("dtype").asText();
        if (dt.equals("int64")) {
            long[] v = new long[data.size()];
            for (int k = 0; k < v.length; k++) v[k] = data.get(k).asLong();
            return Tensor.of(v, shape);
        }
        float[] v = new float[data.size()];
        for (int k = 0; k < v.length; k++) v[k] = (float) data.get(k).asDouble();
        return Tensor.of(v, shape).requiresGrad(requiresGrad);
    }

    private static void compare(String what, JsonNode expected, Tensor got, double rtol, double atol) {
        int[] shape = new int[expected.get("shape").size()];
        for (int k = 0; k < shape.length; k++) shape[k] = expected.get("shape").get(k).asInt();
        assertArrayEquals(shape, got.shape(), what + ": shape");
        double[] g = got.toDoubleArray();
        JsonNode data = expected.get("data");
        for (int k = 0; k < g.length; k++) {
            double e = data.get(k).asDouble();
            if (Math.abs(g[k] - e) > atol + rtol * Math.abs(e))
                fail(what + ": element " + k + " is " + g[k] + ", expected " + e + " (rtol " + rtol + ", atol " + atol + ")");
        }
    }
}
