package dev.nabla.refcheck;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.refcheck.ReferenceCase.Spec;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Checks Nabla against PyTorch reference cases (format {@code torch-ref-case/1}, see FORMAT.md).
 * For each case it builds the inputs, runs the op through the {@link OpRunner} registered for it,
 * compares every expected output by name (shapes exactly, int64/bool exactly, floats with
 * {@code |a - e| <= atol + rtol·|e|}), then back-propagates {@code L = sum_k sum(out_k · R_k)} and
 * compares the gradient of every input that requires one. Optimizer cases compare the named
 * outputs the runner returns.
 *
 * <pre>{@code
 * List<RefCheck.Result> results = RefCheck.check(RefCheck.load(path), RefCheck.runners());
 * }</pre>
 * From the command line: {@code java dev.nabla.refcheck.RefCheck cases.jsonl} (exit code 1 if a case fails).
 */
public final class RefCheck {
    private RefCheck() {}

    /** Reason of a case whose op no runner handles. */
    public static final String UNSUPPORTED = "unsupported op";

    /**
     * The verdict on one case.
     *
     * @param worstRatio the largest elementwise {@code |a - e| / (atol + rtol·|e|)} seen (passing needs &lt;= 1);
     *                   NaN when nothing was compared, infinity for an exact (int/bool) mismatch
     * @param reason     why it failed (null when it passed)
     */
    public record Result(String id, String op, boolean passed, double worstRatio, String reason) {
        /** One line for the report: {@code id pass 0.0123} or {@code id fail 3.2 (out: ...)}. */
        public String line() {
            String ratio = Double.isNaN(worstRatio) ? "-" : String.format(Locale.ROOT, "%.3g", worstRatio);
            if (passed) return id + " pass " + ratio;
            if (UNSUPPORTED.equals(reason)) return id + " fail " + UNSUPPORTED;
            return id + " fail " + ratio + " (" + reason + ")";
        }
    }

    // ------------------------------------------------------------------ loading

    /** Reads a JSON Lines case file. */
    public static List<ReferenceCase> load(Path file) throws IOException {
        try {
            return ReferenceCase.parseLines(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Every {@link OpRunner} on the class path by op name; two runners claiming one op is an error. */
    public static Map<String, OpRunner> runners() {
        return runners(ServiceLoader.load(OpRunner.class, Thread.currentThread().getContextClassLoader()));
    }

    /** The runners of {@code all} by op name; two runners claiming one op is an error. */
    public static Map<String, OpRunner> runners(Iterable<? extends OpRunner> all) {
        Map<String, OpRunner> byOp = new LinkedHashMap<>();
        for (OpRunner r : all)
            for (String op : r.ops()) {
                OpRunner prev = byOp.putIfAbsent(op, r);
                if (prev != null && prev.getClass() != r.getClass())
                    throw new IllegalStateException("refcheck: op '" + op + "' is claimed by both " + prev.getClass().getName()
                            + " and " + r.getClass().getName() + "; remove one registration");
            }
        return byOp;
    }

    // ------------------------------------------------------------------ checking

    public static List<Result> check(List<ReferenceCase> cases, Map<String, OpRunner> runners) {
        List<Result> out = new ArrayList<>(cases.size());
        for (ReferenceCase c : cases) out.add(check(c, runners));
        return out;
    }

    /** Runs and checks one case; never throws for a failing op (the failure is in the result). */
    public static Result check(ReferenceCase c, Map<String, OpRunner> runners) {
        OpRunner runner = runners.get(c.op());
        if (runner == null) return new Result(c.id(), c.op(), false, Double.NaN, UNSUPPORTED);
        Verdict v = new Verdict(c.rtol(), c.atol());
        try (var mode = GradMode.enableGrad()) {
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (Spec s : c.inputs()) {
                Tensor t = s.toTensor();
                if (s.flag() && s.dtype() == DType.FLOAT32) t.requiresGrad(true);
                inputs.put(s.name(), t);
            }
            Map<String, Tensor> outs = runner.run(c.op(), java.util.Collections.unmodifiableMap(inputs), c.attrs());
            if (outs == null) return v.result(c, "runner returned no outputs");
            for (Spec e : c.outputs()) v.compare(e.name(), outs.get(e.name()), e);
            if (!c.isOptimizer() && !c.grads().isEmpty() && v.reason == null) backward(c, inputs, outs, v);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            v.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return v.result(c, null);
    }

    private static void backward(ReferenceCase c, Map<String, Tensor> inputs, Map<String, Tensor> outs, Verdict v) {
        Tensor[] roots = new Tensor[c.cotangents().size()], seeds = new Tensor[roots.length];
        for (int k = 0; k < roots.length; k++) {
            Spec cot = c.cotangents().get(k);
            roots[k] = outs.get(cot.name());
            if (!roots[k].requiresGrad()) { v.fail("output '" + cot.name() + "' is not connected to the autograd graph"); return; }
            seeds[k] = cot.toTensor();
        }
        // L = sum_k sum(out_k * R_k): seeding each output with R_k is the same back-propagation
        Autograd.backward(roots, seeds, false, false);
        for (Spec e : c.grads()) {
            Tensor in = inputs.get(e.name());
            if (in == null) { v.fail("grads name unknown input '" + e.name() + "'"); continue; }
            Tensor g = in.grad() != null ? in.grad() : Tensor.zeros(in.shape());
            v.compare("grad " + e.name() + (in.grad() == null ? " (no gradient reached it)" : ""), g, e);
        }
    }

    /** Accumulates the worst ratio and the first failure of one case. */
    private static final class Verdict {
        final double rtol, atol;
        double worst = Double.NaN;
        String reason;

        Verdict(double rtol, double atol) { this.rtol = rtol; this.atol = atol; }

        void fail(String why) { if (reason == null) reason = why; }

        void ratio(double r) { if (Double.isNaN(worst) || r > worst || Double.isNaN(r)) worst = Double.isNaN(r) ? Double.POSITIVE_INFINITY : r; }

        Result result(ReferenceCase c, String why) {
            if (why != null) fail(why);
            if (reason == null && !(worst <= 1) && !Double.isNaN(worst)) reason = "tolerance exceeded";
            return new Result(c.id(), c.op(), reason == null, worst, reason);
        }

        void compare(String what, Tensor actual, Spec e) {
            if (actual == null) { fail("missing output '" + what + "'"); return; }
            if (!Arrays.equals(actual.shapeRef(), e.shape())) {
                fail(what + ": shape " + Shapes.str(actual.shapeRef()) + ", expected " + Shapes.str(e.shape()));
                return;
            }
            try (var noGrad = GradMode.noGrad()) {
                if (e.dtype() == DType.FLOAT32) compareFloats(what, actual, e);
                else compareExact(what, actual, e);
            }
        }

        private void compareFloats(String what, Tensor actual, Spec e) {
            if (!actual.dtype().isFloating()) { fail(what + ": dtype " + actual.dtype() + ", expected a floating dtype"); return; }
            double[] a = actual.toDoubleArray(), x = e.values();
            double worstHere = 0;
            int at = -1;
            for (int k = 0; k < x.length; k++) {
                double r = Math.abs(a[k] - x[k]) / (atol + rtol * Math.abs(x[k]));
                if (Double.isNaN(r)) r = Double.POSITIVE_INFINITY;
                if (r > worstHere || at < 0) { worstHere = r; at = k; }
            }
            if (at < 0) return;
            ratio(worstHere);
            if (worstHere > 1)
                fail(String.format(Locale.ROOT, "%s: at %s got %.9g, expected %.9g (%.3g x tolerance)", what,
                        Arrays.toString(unravel(at, e.shape())), a[at], x[at], worstHere));
        }

        private void compareExact(String what, Tensor actual, Spec e) {
            if (actual.dtype().isFloating()) { fail(what + ": dtype " + actual.dtype() + ", expected " + e.dtype()); return; }
            if (e.dtype() == DType.BOOL && actual.dtype() != DType.BOOL) { fail(what + ": dtype " + actual.dtype() + ", expected bool"); return; }
            long[] a = actual.toLongArray(), x = e.ints();
            int wrong = 0, first = -1;
            for (int k = 0; k < x.length; k++) if (a[k] != x[k]) { wrong++; if (first < 0) first = k; }
            if (wrong > 0) {
                ratio(Double.POSITIVE_INFINITY);
                fail(what + ": " + wrong + " of " + x.length + " values differ, first at " + Arrays.toString(unravel(first, e.shape()))
                        + ": got " + a[first] + ", expected " + x[first]);
            } else if (x.length > 0) ratio(0);
        }
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat /= shape[d]; }
        return idx;
    }

    // ------------------------------------------------------------------ command line

    private static final String USAGE = "usage: refcheck FILE.jsonl... [--ops=op1,op2]  (checks Nabla against PyTorch reference cases)";

    /**
     * The command line: checks every case of every file, prints one line per case and a summary
     * {@code N passed, M failed}. Returns 0 when all passed, 1 when some failed, 2 on a usage or
     * file error. Args: {@code FILE...} and optionally {@code --ops=a,b} to check only those ops.
     */
    public static int run(PrintStream out, String[] args) {
        List<Path> files = new ArrayList<>();
        List<String> only = null;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) { out.println(USAGE); return 0; }
            if (a.startsWith("--ops=")) only = Arrays.asList(a.substring(6).split(","));
            else if (a.startsWith("-")) { out.println("refcheck: unknown option " + a + "\n" + USAGE); return 2; }
            else files.add(Path.of(a));
        }
        if (files.isEmpty()) { out.println(USAGE); return 2; }
        Map<String, OpRunner> runners;
        List<ReferenceCase> cases = new ArrayList<>();
        try {
            runners = runners();
            for (Path f : files) cases.addAll(load(f));
        } catch (IOException e) {
            out.println("refcheck: cannot read " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            out.println("refcheck: " + e.getMessage());
            return 2;
        }
        int passed = 0, failed = 0;
        for (ReferenceCase c : cases) {
            if (only != null && !only.contains(c.op())) continue;
            Result r = check(c, runners);
            out.println(r.line());
            if (r.passed()) passed++; else failed++;
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }
}
