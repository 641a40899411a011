package org.audiomaepp.harness.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.audiomaepp.harness.exec.ChildJvmLauncher;
import org.audiomaepp.harness.exec.CpuKernels;

/**
 * Starts this command again in a JVM whose environment pins the engine's CPU kernels
 * ({@link CpuKernels}), when the command computes with the engine in this JVM and was started
 * without the pin: PyTorch reads the variables once, when it loads, and a running JVM cannot set its
 * own environment. Same java binary, JVM options, class path and arguments; standard streams
 * inherited; its exit code becomes this one's. A marker variable keeps it from starting itself twice.
 */
final class EngineRelaunch {

    /** Set in the started JVM, so that it never starts another. */
    static final String MARKER = "HARNESS_ENGINE_RELAUNCHED";

    /** Subcommands that run the engine in their own JVM. */
    private static final Set<String> ENGINE_COMMANDS = Set.of("job", "pretrain", "probe", "features");

    private EngineRelaunch() {}

    /**
     * Runs the command in a pinned JVM when it needs one and returns that JVM's exit code; empty
     * when this JVM should run the command itself.
     */
    static OptionalInt ifNeeded(String[] args) {
        Map<String, String> env = System.getenv();
        if (!needed(args, env)) {
            return OptionalInt.empty();
        }
        ProcessBuilder pb = new ProcessBuilder(command(args)).inheritIO();
        pb.environment().putAll(CpuKernels.environment(env));
        pb.environment().put(MARKER, "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            System.err.println("warning: cannot start a JVM with the engine's CPU kernels pinned (" + e.getMessage()
                    + "); running with the processor's own kernels, whose last bits may differ from other machines'."
                    + " Start it as " + String.join(" ", CpuKernels.environment(env).entrySet().stream()
                            .map(x -> x.getKey() + "=" + x.getValue()).toList()) + " harness ... to pin them.");
            return OptionalInt.empty();
        }
        Thread forward = new Thread(() -> {
            // A SIGTERM to this JVM reaches the job's JVM too, which then stops between steps.
            if (p.isAlive()) {
                p.destroy();
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "engine-relaunch-stop");
        Runtime.getRuntime().addShutdownHook(forward);
        while (true) {
            try {
                int code = p.waitFor();
                try {
                    Runtime.getRuntime().removeShutdownHook(forward);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is already running; the exit code is what matters.
                }
                return OptionalInt.of(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@code args} run the engine here and {@code env} lacks the pin (and this is not a started copy). */
    static boolean needed(String[] args, Map<String, String> env) {
        if (env.containsKey(MARKER) || CpuKernels.pinnedIn(env)) {
            return false;
        }
        List<String> a = Arrays.asList(args);
        if (a.contains("--help") || a.contains("-h") || a.contains("--version") || a.contains("-V")) {
            return false;
        }
        String sub = a.stream().filter(s -> !s.startsWith("-")).findFirst().orElse("");
        return ENGINE_COMMANDS.contains(sub) || (sub.equals("run") && a.contains("--in-process"));
    }

    private static List<String> command(String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvmLauncher.javaBinary());
        for (String opt : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!opt.startsWith("-agentlib:jdwp")) {
                cmd.add(opt);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(HarnessCli.class.getName());
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }
}
