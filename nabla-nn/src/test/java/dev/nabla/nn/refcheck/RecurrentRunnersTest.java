package dev.nabla.nn.refcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nabla.autograd.Autograd;
import dev.nabla.refcheck.OpRunner;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.*;

/** Runs every PyTorch reference case of lstm, gru, scaled_dot_product_attention and multi_head_attention. */
class RecurrentRunnersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void registeredAsService() {
        boolean found = false;
        for (OpRunner r : ServiceLoader.load(OpRunner.class)) found |= r instanceof RecurrentRunners;
        assertTrue(found, "RecurrentRunners is not listed in META-INF/services/dev.nabla.refcheck.OpRunner");
    }

    @Test
    void allCasesOfMyOpsPass() throws Exception {
        RecurrentRunners runner = new RecurrentRunners();
        List<JsonNode> cases = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/reference/torch_cases.jsonl"), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                JsonNode c = JSON.readTree(line);
                if (runner.ops().contains(c.get("op").asText())) cases.add(c);
            }
        }
        // the file has 2 cases each of lstm, gru, sdpa and mha at the time of writing
        assertTrue(cases.size() >= 8, "expected at least 8 cases, found " + cases.size());
        for (JsonNode c : cases) runCase(runner, c);
    }

    private static void runCase(RecurrentRunners runner, JsonNode c) {
        String id = c.get("id").asText();
        double rtol = c.get("tolerance").get("rtol").asDouble(), atol = c.get("tolerance").get("atol").asDouble();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (JsonNode t : c.get("inputs")) inputs.put(t.get("name").asText(), tensor(t));
        @SuppressWarnings("unchecked")
        Map<String, Object> attrs = JSON.convertValue(c.get("attrs"), Map.class);
        Map<String, Object> normalized = new LinkedHashMap<>();
        attrs.forEach((k, v) -> normalized.put(k, v instanceof Integer i ? Long.valueOf(i) : v));
        Map<String, Tensor> outs = runner.run(c.get("op").asText(), inputs, normalized);

        for (JsonNode o : c.get("outputs")) {
            Tensor actual = outs.get(o.get("name").asText());
            assertNotNull(actual, id + ": no output " + o.get("name"));
            check(id + " output " + o.get("name").asText(), o, actual, rtol, atol);
        }
        List<Tensor> roots = new ArrayList<>(), cots = new ArrayList<>();
        for (JsonNode ct : c.get("cotangents")) {
            roots.add(outs.get(ct.get("name").asText()));
            cots.add(tensor(ct));
        }
        Autograd.backward(roots.toArray(new Tensor[0]), cots.toArray(new Tensor[0]), false, false);
        for (JsonNode g : c.get("grads")) {
            Tensor x = inputs.get(g.get("name").asText());
            assertNotNull(x.grad(), id + ": no gradient for " + g.get("name"));
            check(id + " grad " + g.get("name").asText(), g, x.grad(), rtol, atol);
        }
    }

    private static void check(String what, JsonNode expected, Tensor actual, double rtol, double atol) {
        int[] shape = shape(expected);
        assertArrayEquals(shape, actual.shape(), what + ": shape");
        double[] a = actual.contiguous().toDoubleArray();
        JsonNode data = expected.get("data");
        for (int i = 0; i < a.length; i++) {
            double e = data.get(i).asDouble();
            assertTrue(Math.abs(a[i] - e) <= atol + rtol * Math.abs(e), what + ": element " + i + " is " + a[i] + ", expected " + e);
        }
    }

    private static int[] shape(JsonNode t) {
        int[] s = new int[t.get("shape").size()];
        for (int k = 0; k < s.length; k++) s[k] = t.get("shape").get(k).asInt();
        return s;
    }

    private static Tensor tensor(JsonNode t) {
        int[] shape = shape(t);
        JsonNode d = t.get("data");
        Tensor out = switch (t.get("dtype").asText()) {
            case "float32" -> {
                float[] v = new float[d.size()];
                for (int i = 0; i < v.length; i++) v[i] = (float) d.get(i).asDouble();
                yield Tensor.of(v, shape);
            }
            case "int64" -> {
                long[] v = new long[d.size()];
                for (int i = 0; i < v.length; i++) v[i] = d.get(i).asLong();
                yield Tensor.of(v, shape);
            }
            case "bool" -> {
                boolean[] v = new boolean[d.size()];
                for (int i = 0; i < v.length; i++) v[i] = d.get(i).asBoolean();
                yield Tensor.of(v, shape);
            }
            default -> throw new IllegalArgumentException("unknown dtype " + t.get("dtype"));
        };
        return t.has("requires_grad") && t.get("requires_grad").asBoolean() ? out.requiresGrad(true) : out;
    }
}
