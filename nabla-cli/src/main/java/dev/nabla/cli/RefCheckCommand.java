package dev.nabla.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "refcheck", mixinStandardHelpOptions = true,
        description = {"Checks every op against reference cases (JSON lines computed by PyTorch, see the reference FORMAT):",
                "runs each case through Nabla's op runners and reports the cases that disagree."})
public final class RefCheckCommand implements Callable<Integer> {
    static final String CLASS = "dev.nabla.refcheck.RefCheck";

    @Parameters(paramLabel = "FILE|ARGS", description = "reference cases file (.jsonl) and options passed to the checker") List<String> args = new ArrayList<>();

    @Override public Integer call() {
        try {
            var run = Class.forName(CLASS).getMethod("run", PrintStream.class, String[].class);
            return (Integer) run.invoke(null, System.out, args.toArray(String[]::new));
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            System.out.println("refcheck: not available yet (" + CLASS + ".run(PrintStream, String[]) is not in this build)");
            return 3;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("refcheck failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + CLASS + ".run: " + e, e);
        }
    }
}
