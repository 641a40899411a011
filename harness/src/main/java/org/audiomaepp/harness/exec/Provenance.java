package org.audiomaepp.harness.exec;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.audiomaepp.harness.BuildVersions;
import org.audiomaepp.models.train.EngineInfo;

/** Facts about the code and machine that go into every {@code DONE} record. */
final class Provenance {

    private static volatile String gitCommit;

    private Provenance() {}

    /**
     * Project and DJL versions as built and the Java runtime, plus, when the job loaded the engine
     * ({@link EngineInfo#load}), what it really ran on: libtorch version and flavor, where it was
     * loaded from, CUDA runtime, GPUs and TF32 ({@link EngineInfo#toMap}). A job that never loaded
     * the engine (features) records no PyTorch version: the one the project was built against need
     * not be the one a GPU machine runs ({@code PYTORCH_LIBRARY_PATH}).
     */
    static Map<String, Object> versions() {
        Properties p = BuildVersions.properties();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("project", p.getProperty("project.version", "unknown"));
        v.put("djl", p.getProperty("djl.version", "unknown"));
        EngineInfo.ifLoaded().ifPresent(engine -> v.putAll(engine.toMap()));
        v.put("java", System.getProperty("java.version"));
        return v;
    }

    /** The project version alone (part of every job key). */
    static String projectVersion() {
        return BuildVersions.project();
    }

    /**
     * The git commit of the code, asked of git in the directory the harness classes were loaded
     * from (a source checkout's {@code target/} or a jar beside it); {@code unknown} when that is not
     * inside a git work tree or git is missing. A {@code +dirty} suffix marks uncommitted changes.
     */
    static String gitCommit() {
        String c = gitCommit;
        if (c == null) {
            c = askGit();
            gitCommit = c;
        }
        return c;
    }

    private static String askGit() {
        try {
            Path code = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(code) ? code : code.getParent();
            String head = git(dir, "rev-parse", "HEAD");
            if (head == null || head.isBlank()) {
                return "unknown";
            }
            String status = git(dir, "status", "--porcelain", "--untracked-files=no");
            return status == null || status.isBlank() ? head : head + "+dirty";
        } catch (URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String git(Path dir, String... args) {
        try {
            String[] cmd = new String[args.length + 3];
            cmd[0] = "git";
            cmd[1] = "-C";
            cmd[2] = dir.toString();
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
