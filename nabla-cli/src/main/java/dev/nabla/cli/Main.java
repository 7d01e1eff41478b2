package dev.nabla.cli;

/** Entry point of the {@code nabla} command line (placeholder until the CLI lands). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("nabla: commands are being built");
    }
}
