package dev.nabla.train;

import dev.nabla.autograd.GradMode;
import dev.nabla.io.Json;
import dev.nabla.io.SafeTensors;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model checkpoints as safetensors files. Weights keep their module names (so other tools read
 * them as a plain state dict); optimizer state goes under {@code __optimizer__.}; the
 * {@code __metadata__} map holds JSON strings: {@code config}, {@code optimizer}, {@code epoch},
 * {@code rng}, {@code metrics}, {@code provenance}. Saving is atomic; loading parses JSON and
 * copies numbers only.
 */
public final class Checkpoint {
    private Checkpoint() {}

    public static final String FORMAT = "nabla.checkpoint.v1";
    static final String OPT_PREFIX = "__optimizer__.";

    /** The Nabla version written into provenance. */
    public static String nablaVersion() {
        String v = Checkpoint.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    /** What a checkpoint says about itself, without a model. */
    public record Info(Map<String, Tensor> tensors, Map<String, String> metadata) {
        /** The JSON value of a metadata entry (null if absent). */
        public Object json(String key) {
            String s = metadata.get(key);
            return s == null ? null : Json.parse(s);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> config() {
            Object c = json("config");
            return c instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        public int epoch() { String e = metadata.get("epoch"); return e == null ? 0 : Integer.parseInt(e); }

        /** The module weights (everything but optimizer state). */
        public Map<String, Tensor> weights() {
            Map<String, Tensor> w = new LinkedHashMap<>();
            for (var e : tensors.entrySet()) if (!e.getKey().startsWith(OPT_PREFIX)) w.put(e.getKey(), e.getValue());
            return w;
        }
    }

    /** Reads a checkpoint file (or any safetensors file) with clear errors for truncated or foreign files. */
    public static Info read(Path path) {
        SafeTensors.Contents c = SafeTensors.load(path);
        return new Info(c.tensors(), c.metadata());
    }

    static void save(Path path, Model model, Map<String, Double> metrics) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.module().stateDict());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("epoch", Integer.toString(model.epoch()));
        meta.put("config", Json.write(model.config()));
        Optimizer opt = model.optimizer();
        if (opt != null) {
            Optimizer.StateDict sd = opt.stateDict();
            for (var e : sd.tensors().entrySet()) tensors.put(OPT_PREFIX + e.getKey(), e.getValue());
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("class", opt.getClass().getName());
            o.put("options", sd.options());
            meta.put("optimizer", Json.write(o));
        }
        Map<String, Object> rng = new LinkedHashMap<>();
        rng.put("shuffle", model.generator().state());
        rng.put("default", Generator.defaultGenerator().state());
        meta.put("rng", Json.write(rng));
        Map<String, Object> m = new LinkedHashMap<>();
        for (var e : metrics.entrySet()) m.put(e.getKey(), Double.isFinite(e.getValue()) ? e.getValue() : e.getValue().toString()); // JSON has no NaN
        meta.put("metrics", Json.write(m));
        Map<String, Object> prov = new LinkedHashMap<>(model.provenance());
        prov.put("nabla_version", nablaVersion());
        prov.put("java", System.getProperty("java.version"));
        prov.put("saved", Instant.now().toString());
        meta.put("provenance", Json.write(prov));
        SafeTensors.save(path, tensors, meta);
    }

    static void load(Path path, Model model) {
        Info info = read(path);
        Map<String, Tensor> weights = info.weights();
        Map<String, Tensor> mine = model.module().stateDict();
        checkArchitecture(path, info, weights, mine, model);
        try (var g = GradMode.noGrad()) {
            for (var e : mine.entrySet()) e.getValue().copy_(weights.get(e.getKey()));
        }
        if (!FORMAT.equals(info.metadata().get("format"))) return; // plain weights from another tool
        model.setEpoch(info.epoch());
        Optimizer opt = model.optimizer();
        Object optJson = info.json("optimizer");
        if (opt != null && optJson instanceof Map<?, ?> o) {
            String cls = String.valueOf(o.get("class"));
            if (!cls.equals(opt.getClass().getName()))
                throw new IllegalArgumentException("checkpoint " + path + " holds state of optimizer " + cls
                        + " but the model is compiled with " + opt.getClass().getName());
            if (!(o.get("options") instanceof Map<?, ?> options))
                throw new IllegalArgumentException("checkpoint " + path + ": optimizer metadata has no \"options\" object");
            Map<String, Tensor> st = new LinkedHashMap<>();
            for (var e : info.tensors().entrySet())
                if (e.getKey().startsWith(OPT_PREFIX)) st.put(e.getKey().substring(OPT_PREFIX.length()), e.getValue());
            @SuppressWarnings("unchecked") Map<String, Object> opts = (Map<String, Object>) options;
            opt.loadStateDict(new Optimizer.StateDict(st, opts));
        }
        if (info.json("rng") instanceof Map<?, ?> r) {
            if (r.get("shuffle") instanceof List<?> s) model.generator().setState(longs(s));
            if (r.get("default") instanceof List<?> d) Generator.defaultGenerator().setState(longs(d));
        }
        if (info.json("provenance") instanceof Map<?, ?> p && p.get("seed") instanceof Number s)
            model.provenance().put("seed", s.longValue());
    }

    private static void checkArchitecture(Path path, Info info, Map<String, Tensor> weights, Map<String, Tensor> mine, Model model) {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (String k : mine.keySet()) if (!weights.containsKey(k)) missing.add(k);
        for (String k : weights.keySet()) if (!mine.containsKey(k)) unexpected.add(k);
        for (var e : mine.entrySet()) {
            Tensor w = weights.get(e.getKey());
            if (w == null) continue;
            if (!Shapes.equal(w.shapeRef(), e.getValue().shapeRef()) || w.dtype() != e.getValue().dtype())
                mismatched.add(e.getKey() + ": checkpoint " + w.dtype() + " " + Shapes.str(w.shapeRef())
                        + " vs model " + e.getValue().dtype() + " " + Shapes.str(e.getValue().shapeRef()));
        }
        if (missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty()) return;
        StringBuilder sb = new StringBuilder("checkpoint " + path + " does not match the architecture of "
                + model.module().getClass().getSimpleName());
        if (!mismatched.isEmpty()) sb.append("; shape/dtype mismatch ").append(mismatched);
        if (!missing.isEmpty()) sb.append("; missing in checkpoint ").append(missing);
        if (!unexpected.isEmpty()) sb.append("; not in model ").append(unexpected);
        String cfg = info.metadata().get("config");
        if (cfg != null && !cfg.equals("{}")) sb.append("; the checkpoint was saved from config ").append(cfg);
        throw new IllegalArgumentException(sb.toString());
    }

    private static long[] longs(List<?> l) {
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).longValue();
        return out;
    }
}
