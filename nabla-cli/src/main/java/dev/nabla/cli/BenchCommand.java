package dev.nabla.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the benchmarks (all, or one by name); --compare runs Nabla, PyTorch and TensorFlow side by side.",
                "sgemm prints OpenBLAS beside Nabla. --compare runs the end-to-end workloads in Nabla, PyTorch (through DJL)",
                "and TensorFlow Java and prints the ratios; the launcher builds the bench-only 'peers' profile for both."})
public final class BenchCommand implements Callable<Integer> {
    /** Benchmark names and their classes; each has {@code public static void run(PrintStream, String[])}. */
    static final Map<String, String> BENCHES = new LinkedHashMap<>();
    static {
        for (String n : List.of("Sgemm", "Elementwise", "Overhead", "Conv", "Lstm", "Transformer", "Loader"))
            BENCHES.put(n.toLowerCase(), "dev.nabla.bench." + n + "Bench");
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "sgemm, elementwise, overhead, conv, lstm, transformer, loader (default: all)")
    String name;
    @Parameters(index = "1..*", paramLabel = "ARGS", description = "passed to the benchmark") List<String> args = new ArrayList<>();
    @Option(names = "--compare", description = "run every workload in Nabla, PyTorch (via DJL) and TensorFlow Java side by side and print the ratios") boolean compare;

    /** Options meant for the benchmark itself (e.g. {@code --quick}) pass through. */
    @picocli.CommandLine.Unmatched List<String> unmatched = new ArrayList<>();

    @Override public Integer call() {
        PrintStream out = System.out;
        args.addAll(unmatched);
        String[] a = args.toArray(String[]::new);
        if (compare) return compare(out);
        if (name != null) {
            String cls = BENCHES.get(name.toLowerCase());
            if (cls == null) throw new IllegalArgumentException("unknown benchmark '" + name + "' (valid: " + BENCHES.keySet() + ")");
            return invoke(cls, out, a, name) ? 0 : 3;
        }
        boolean any = false;
        for (var e : BENCHES.entrySet()) {
            out.println("== " + e.getKey());
            any |= invoke(e.getValue(), out, a, e.getKey());
        }
        return any ? 0 : 3;
    }

    /**
     * Nabla beside PyTorch (DJL) and TensorFlow Java in one run: {@code dev.nabla.bench.compare.Compare}
     * from the bench-only module nabla-bench-compare, which the launcher puts on the class path.
     * NAME (if given) and ARGS are passed on: workload names, {@code --quick}, {@code --frameworks=...}.
     */
    private Integer compare(PrintStream out) {
        List<String> a = new ArrayList<>();
        if (name != null) a.add(name);
        a.addAll(args);
        try {
            Method main = Class.forName("dev.nabla.bench.compare.Compare").getMethod("main", String[].class);
            main.invoke(null, (Object) a.toArray(String[]::new));
            return 0;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            out.println("bench --compare: the comparison module (nabla-bench-compare, Maven profile 'peers') is not on the class path; "
                    + "run it through ./nabla bench --compare, which builds it");
            return 3;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("bench --compare failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call Compare.main: " + e, e);
        }
    }

    /** Calls cls.run(PrintStream, String[]); false (with a message) when the class is not built yet. */
    static boolean invoke(String cls, PrintStream out, String[] args, String what) {
        Method run;
        try {
            run = Class.forName(cls).getMethod("run", PrintStream.class, String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            out.println(what + ": not available yet (" + cls + ".run(PrintStream, String[]) is not in this build)");
            return false;
        }
        try {
            run.invoke(null, out, args);
            return true;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + cls + ".run: " + e, e);
        }
    }
}
