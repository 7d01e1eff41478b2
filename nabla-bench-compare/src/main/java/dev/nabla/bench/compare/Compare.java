package dev.nabla.bench.compare;

import dev.nabla.data.catalog.Split;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./nabla bench --compare}: every workload in Nabla, PyTorch (DJL) and TensorFlow Java in
 * one JVM, one line per workload and framework, then the speed ratios and the worst one.
 *
 * <p>Args: workload names (sgemm, mlp, cnn, tiny, tiny-fwd, tiny-train, startup, memory, lstm,
 * transformer; default all), {@code --quick} (fewer batches / calls, extrapolated),
 * {@code --frameworks nabla,pytorch,tensorflow} (default all three).
 *
 * <p>The frameworks take turns per repeat (Nabla, PyTorch, TensorFlow, Nabla, ...) after all have
 * warmed up, so a burst of load from other processes on this shared machine hits all of them.
 */
public final class Compare {
    private Compare() {}

    static Framework framework(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "nabla" -> new NablaFramework();
            case "pytorch", "djl" -> new DjlFramework();
            case "tensorflow", "tf" -> new TfFramework();
            default -> throw new IllegalArgumentException("compare: unknown framework '" + name + "'; valid: nabla, pytorch, tensorflow");
        };
    }

    /** Parsed command line. */
    record Options(Set<Workload> workloads, boolean quick, List<String> frameworks) {
        static Options parse(String[] args) {
            Set<Workload> ws = EnumSet.noneOf(Workload.class);
            boolean quick = false;
            List<String> fws = List.of("nabla", "pytorch", "tensorflow");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--quick")) quick = true;
                else if (a.equals("--compare")) continue; // tolerated: the CLI may pass its own flag through
                else if (a.equals("--frameworks") && i + 1 < args.length) fws = List.of(args[++i].split(","));
                else if (a.equals("tiny")) { ws.add(Workload.TINY_FORWARD); ws.add(Workload.TINY_TRAIN); }
                else if (a.startsWith("--")) throw new IllegalArgumentException("compare: unknown option '" + a + "'; valid: --quick, --frameworks a,b");
                else ws.add(Workload.byId(a));
            }
            if (ws.isEmpty()) ws = EnumSet.allOf(Workload.class);
            return new Options(ws, quick, fws);
        }
    }

    static int repeats(Workload w, boolean quick) {
        return switch (w) {
            case SGEMM -> 7;
            case MLP -> quick ? 3 : 4; // full: epochs 2..5 after epoch 1 as warm-up
            case STARTUP -> 3;
            case MEMORY -> quick ? 1 : 3; // each repeat is a fresh JVM running the whole cnn workload
            default -> 5;
        };
    }

    /** 2 threads for every framework; call before any engine loads. */
    static void setUpThreads() {
        DjlFramework.threads();
        if (System.getProperty("nabla.threads") == null && System.getenv("NABLA_THREADS") == null) dev.nabla.backend.cpu.Parallel.setThreads(2);
    }

    public static void main(String[] args) throws Exception {
        setUpThreads();
        Options o = Options.parse(args);
        PrintStream out = System.out;
        out.printf("nabla bench --compare%s: %s; 2 threads each; float32; machine: %d CPUs, Java %s%n", o.quick() ? " --quick" : "",
                o.workloads(), Runtime.getRuntime().availableProcessors(), Runtime.version());
        FashionData train = o.workloads().contains(Workload.MLP) || o.workloads().contains(Workload.CNN)
                ? FashionData.load(Split.TRAIN, System.err) : null;
        List<Framework> fws = new ArrayList<>();
        for (String f : o.frameworks()) fws.add(framework(f));
        List<Measurement> all = new ArrayList<>();
        for (Workload w : o.workloads()) {
            out.println("# " + w.id + ": " + w.description);
            List<Measurement> ms = w == Workload.STARTUP ? startup(o.frameworks(), repeats(w, o.quick()))
                    : w == Workload.MEMORY ? memory(o.frameworks(), repeats(w, o.quick()), o.quick(), out)
                    : inTurns(w, fws, new Framework.Setup(train, o.quick()), repeats(w, o.quick()), out);
            for (Measurement m : ms) out.println(Report.line(m));
            out.flush();
            all.addAll(ms);
        }
        out.println();
        Report.printRatios(out, all);
        for (Framework f : fws) f.close();
        System.exit(0); // native thread pools of the peers would otherwise keep the JVM alive
    }

    /** Warms each framework's trial up, then samples them in turns. A framework that fails is reported and skipped. */
    static List<Measurement> inTurns(Workload w, List<Framework> fws, Framework.Setup setup, int repeats, PrintStream out) {
        List<Framework> running = new ArrayList<>();
        List<Trial> trials = new ArrayList<>();
        for (Framework f : fws) {
            try {
                Trial t = f.open(w, setup);
                if (t == null) { out.println("  " + f.name() + ": not run (" + w.id + " is not built for it)"); continue; }
                t.warmUp();
                running.add(f);
                trials.add(t);
            } catch (RuntimeException | LinkageError e) {
                out.println("  " + f.name() + ": failed: " + e);
            }
        }
        double[][] samples = new double[trials.size()][repeats];
        for (int r = 0; r < repeats; r++)
            for (int i = 0; i < trials.size(); i++) samples[i][r] = trials.get(i).sample();
        List<Measurement> ms = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            ms.add(new Measurement(w, running.get(i).name(), samples[i], trials.get(i).note()));
            trials.get(i).close();
        }
        return ms;
    }

    /** Launches a fresh JVM per framework and repeat (in turns), timing launch to the printed first loss. */
    static List<Measurement> startup(List<String> fws, int repeats) throws IOException, InterruptedException {
        double[][] ms = new double[fws.size()][repeats];
        for (int r = 0; r < repeats; r++)
            for (int i = 0; i < fws.size(); i++) ms[i][r] = launch(fws.get(i));
        List<Measurement> res = new ArrayList<>();
        for (int i = 0; i < fws.size(); i++) res.add(new Measurement(Workload.STARTUP, framework(fws.get(i)).name(), ms[i], ""));
        return res;
    }

    /** Milliseconds from starting {@code java ... StartupProbe fw} to its first-loss line. */
    static double launch(String fw) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        return (child(StartupProbe.class, StartupProbe.MARK, List.of(), fw).nanoTime() - t0) / 1e6;
    }

    /**
     * The JVM options of a memory child on top of this JVM's: the collector and heap cap that {@code ./nabla train}
     * uses (keep in step with the launcher), so the row measures the training process as users run it. Every
     * framework gets the same options. Override with {@code -Dnabla.compare.memoryJvmOpts="..."} (empty: none).
     */
    static List<String> memoryJvmOpts() {
        String o = System.getProperty("nabla.compare.memoryJvmOpts",
                "-XX:+UseG1GC -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=90 -Xmx400m").trim();
        return o.isEmpty() ? List.of() : List.of(o.split("\\s+"));
    }

    /** Peak RSS of a fresh JVM per framework and repeat (in turns) running the cnn workload, from {@link MemoryProbe}. */
    static List<Measurement> memory(List<String> fws, int repeats, boolean quick, PrintStream out) throws IOException, InterruptedException {
        List<Measurement> res = new ArrayList<>();
        double[][] mib = new double[fws.size()][repeats];
        String[] notes = new String[fws.size()];
        boolean[] failed = new boolean[fws.size()];
        for (int r = 0; r < repeats; r++)
            for (int i = 0; i < fws.size(); i++) {
                if (failed[i]) continue;
                try {
                    String[] v = child(MemoryProbe.class, MemoryProbe.MARK, memoryJvmOpts(),
                            quick ? new String[]{fws.get(i), "--quick"} : new String[]{fws.get(i)}).rest().split(" ", 2);
                    mib[i][r] = Double.parseDouble(v[0]);
                    notes[i] = v.length > 1 ? v[1] : "";
                } catch (IllegalStateException e) {
                    out.println("  " + fws.get(i) + ": failed: " + e.getMessage());
                    failed[i] = true;
                }
            }
        for (int i = 0; i < fws.size(); i++)
            if (!failed[i]) res.add(new Measurement(Workload.MEMORY, framework(fws.get(i)).name(), mib[i], notes[i]));
        return res;
    }

    /** {@code parent}'s options without profiling agents, then {@code extra}, whose collector or heap cap replaces the parent's. */
    static List<String> jvmOptions(List<String> parent, List<String> extra) {
        boolean gc = extra.stream().anyMatch(Compare::selectsGc), xmx = extra.stream().anyMatch(a -> a.startsWith("-Xmx"));
        List<String> out = new ArrayList<>();
        for (String a : parent) {
            if (a.startsWith("-XX:StartFlightRecording") || a.startsWith("-agentlib") || a.startsWith("-javaagent")) continue;
            if ((gc && selectsGc(a)) || (xmx && a.startsWith("-Xmx"))) continue;
            out.add(a);
        }
        out.addAll(extra);
        return out;
    }

    private static boolean selectsGc(String a) { return a.matches("-XX:\\+Use\\w*GC"); }

    /** What a child printed after its mark, and {@link System#nanoTime()} when the line arrived. */
    record Marked(String rest, long nanoTime) {}

    /**
     * Runs {@code main} in a fresh JVM with this JVM's options and class path (profiling agents dropped) until it
     * prints a line starting with {@code mark}; the child's stderr is discarded.
     *
     * @param jvm options added after this JVM's; a collector or heap cap among them replaces this JVM's
     */
    static Marked child(Class<?> main, String mark, List<String> jvm, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments(), jvm));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(mark)) {
                    long at = System.nanoTime();
                    p.waitFor();
                    return new Marked(line.substring(mark.length()), at);
                }
            }
        }
        throw new IllegalStateException(main.getSimpleName() + " " + String.join(" ", args) + " exited with " + p.waitFor()
                + " before printing its '" + mark.trim() + "' line");
    }
}
