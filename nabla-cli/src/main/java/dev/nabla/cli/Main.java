package dev.nabla.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** Entry point of the {@code nabla} command line. */
@Command(name = "nabla", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Nabla: deep learning in pure Java. Train, evaluate and inspect models from the command line.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SummaryCommand.class,
                BenchCommand.class, RefCheckCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run 'nabla COMMAND --help' for the options of a command. 'nabla test' (launcher) runs the test suite."})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // plots render off-screen, also without a display
        int code;
        try {
            code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (OutOfMemoryError e) {
            long mib = Runtime.getRuntime().maxMemory() >> 20;
            System.err.println("nabla: out of Java heap (" + e.getMessage() + ", max heap " + mib + " MiB). The ./nabla launcher caps the heap at "
                    + "400 MB for training; give a bigger model more, e.g. NABLA_JAVA_OPTS=-Xmx2g ./nabla ...");
            code = 3;
        }
        System.exit(code);
    }

    /** Runs a command line and returns the exit code (used by the tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        // Our errors already say what is wrong and how to fix it: print the message, not a stack trace.
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (!expected(ex)) throw ex; // a bug: keep the stack trace
            cmd.getErr().println("nabla " + cmd.getCommandName() + ": " + ex.getMessage());
            if (Boolean.getBoolean("nabla.debug")) ex.printStackTrace(cmd.getErr()); // NABLA_JAVA_OPTS=-Dnabla.debug=true
            return 2;
        });
        return cl.execute(args);
    }

    /** Errors about the user's input or files, whose message says what to fix. */
    private static boolean expected(Exception e) {
        return e.getMessage() != null && (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof java.io.UncheckedIOException || e instanceof UnsupportedOperationException
                || e.getClass().getName().startsWith("dev.nabla."));
    }

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            return new String[]{"nabla " + dev.nabla.train.Checkpoint.nablaVersion() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
