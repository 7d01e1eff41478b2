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
        description = {"Runs the benchmarks of docs/BENCHMARKS (all of them, or one by name); --compare runs the peer frameworks",
                "side by side (the launcher builds the bench-only 'peers' profile for it)."})
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
    @Option(names = "--compare", description = "run the native peers (nabla-bench-peers, e.g. OpenBLAS) side by side in the same run") boolean compare;

    @Override public Integer call() {
        PrintStream out = System.out;
        String[] a = args.toArray(String[]::new);
        if (compare) {
            // the benchmarks find peers themselves (ServiceLoader); the launcher puts them on the class path
            var peers = java.util.ServiceLoader.load(dev.nabla.bench.GemmPeer.class).stream().map(p -> p.type().getSimpleName()).toList();
            out.println(peers.isEmpty() ? "bench --compare: no peer framework on the class path (module nabla-bench-peers, built by './nabla bench --compare'); running Nabla alone"
                    : "bench --compare: peers " + peers);
        }
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
