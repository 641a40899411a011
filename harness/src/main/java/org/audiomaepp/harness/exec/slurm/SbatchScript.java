package org.audiomaepp.harness.exec.slurm;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.exec.ChildJvmLauncher;
import org.audiomaepp.harness.exec.CpuKernels;
import org.audiomaepp.harness.jobs.JobSpec;
import org.audiomaepp.harness.store.Store;

/**
 * Renders the sbatch script of one job from {@code job.sbatch.ftl}: the resources as
 * {@code #SBATCH} lines, output appended to the job's log in the store, then {@code harness job
 * STAGE/KEY} with the same JVM options, engine threads ({@code SLURM_CPUS_PER_TASK}) and thread
 * environment as a local child JVM, and the engine's CPU kernels pinned as there ({@link CpuKernels}). The script itself retries a transient failure (exit 75) up to
 * {@code retries} times and waits while another process holds the job (exit 3), so that the
 * scheduler sees one outcome per job and {@code afterok} chains stay intact.
 */
public final class SbatchScript {

    private static final String TEMPLATE = "job.sbatch.ftl";
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=,@+%-]+");
    private static final String THREADS = "${THREADS}";

    private final Store store;
    private final List<String> jvmArgs;
    private final int retries;
    private final Path workdir;

    /**
     * @param store   the store; it and the harness must be at the same paths on the cluster's nodes
     * @param jvmArgs extra JVM options for every job
     * @param retries extra tries of a transiently failed job
     * @param workdir the jobs' working directory
     */
    public SbatchScript(Store store, List<String> jvmArgs, int retries, Path workdir) {
        this.store = store;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.retries = retries;
        this.workdir = workdir.toAbsolutePath().normalize();
    }

    /** The script's text. */
    public String render(JobSpec job, SlurmResources r) {
        Path log = store.logFile(job.id());
        for (Path p : List.of(log, workdir)) {
            if (p.toString().chars().anyMatch(Character::isWhitespace)) {
                throw new BadInputException(p + ": #SBATCH lines cannot hold a path with spaces; use a --store"
                        + " (and working directory) without spaces for --executor slurm");
            }
        }
        for (String line : r.extra()) {
            if (!line.startsWith("-") || line.contains("\n")) {
                throw new BadInputException("sbatch option `" + line + "` (slurm.extra or --sbatch-extra) must be one"
                        + " option starting with '-', e.g. --qos=high");
            }
        }
        List<String> cmd = new ArrayList<>(ChildJvmLauncher.harnessCommand(jvmArgs, THREADS, store.jobDir(job.id())));
        cmd.addAll(List.of("job", job.id(), "--store", store.root().toString(), "--device", r.device(),
                "--threads", THREADS));
        Map<String, Object> model = new HashMap<>();
        model.put("id", job.id());
        model.put("what", job.describe().isEmpty() ? job.stage() : job.stage() + ", " + job.describe());
        model.put("name", "amp-" + job.shortId().replace('/', '-'));
        model.put("log", log.toString());
        model.put("workdir", workdir.toString());
        putIfSet(model, "partition", r.partition());
        putIfSet(model, "account", r.account());
        putIfSet(model, "time", r.time());
        putIfSet(model, "mem", r.mem());
        putIfSet(model, "cpus", r.cpus());
        model.put("gpus", r.gpus());
        model.put("extra", r.extra());
        model.put("setup", r.setup());
        model.put("cpuKernels", CpuKernels.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toList());
        model.put("command", String.join(" ", cmd.stream().map(SbatchScript::quote).toList()));
        model.put("retries", retries);
        return render(model);
    }

    /** A word for the shell: as is when safe, double-quoted when it expands the thread count, else single-quoted. */
    static String quote(String word) {
        if (SHELL_SAFE.matcher(word).matches()) {
            return word;
        }
        String rest = word.replace(THREADS, "");
        if (word.contains(THREADS) && (rest.isEmpty() || SHELL_SAFE.matcher(rest).matches())) {
            return "\"" + word + "\"";
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void putIfSet(Map<String, Object> model, String key, Object value) {
        if (value != null) {
            model.put(key, value);
        }
    }

    private static String render(Map<String, Object> model) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_33);
        cfg.setClassForTemplateLoading(SbatchScript.class, "");
        cfg.setDefaultEncoding("UTF-8");
        cfg.setLocale(Locale.ROOT);
        cfg.setNumberFormat("computer");
        // [=x] interpolations leave the shell's ${VAR} alone.
        cfg.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        try {
            Template t = cfg.getTemplate(TEMPLATE);
            StringWriter w = new StringWriter();
            t.process(model, w);
            return w.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("cannot render " + TEMPLATE + ": " + e.getMessage(), e);
        }
    }
}
