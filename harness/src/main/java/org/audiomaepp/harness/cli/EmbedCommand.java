package org.audiomaepp.harness.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.harness.stages.EmbedStage;
import org.audiomaepp.harness.jobs.JobPrecision;
import org.audiomaepp.models.config.EmbeddingConfig;
import org.audiomaepp.models.importer.CheckpointImporter;
import org.audiomaepp.models.mae.MaskedAutoencoder;
import org.audiomaepp.models.nn.Precision;
import org.audiomaepp.models.train.Devices;
import org.audiomaepp.models.train.TrainableModel;
import org.audiomaepp.tasks.hear.HearTask;
import org.audiomaepp.tasks.hear.HearTaskReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harness embed}: one task's scene embeddings from any model, outside a sweep (the embed stage's code). */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = {
            "Embeds every clip of one HEAR task directory with a model: a model.bin (from 'harness import', a pretrain"
                    + " job's out/ or 'harness pretrain' OUT/final/), a directory holding one, or a released .pth /"
                    + " .safetensors checkpoint (imported first into OUT/model/). The same code as a sweep's embed stage.",
            "--format harness writes OUT/<split>.npy and <split>.index.json ('harness probe' reads them); --format hear"
                    + " writes hear-eval-kit's per-file layout OUT/<split>/<file>.embedding.npy and"
                    + " <file>.target-labels.json (which the kit and 'harness probe' read). OUT/embedding.json records"
                    + " the model, settings and source.",
        })
final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL_FILE_OR_DIR",
            description = "model.bin, a directory holding model.bin, or a .pth / .safetensors checkpoint")
    Path model;

    @Option(names = "--task", required = true, paramLabel = "TASKDIR", description = "a HEAR task directory")
    Path task;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the embeddings go")
    Path out;

    @Option(names = "--layout", defaultValue = "time-major", paramLabel = "LAYOUT",
            description = "time-major (correct) or official-audiomaepp (the released code's reshape); default ${DEFAULT-VALUE}")
    String layout;

    @Option(names = "--pad", defaultValue = "zero", paramLabel = "PAD",
            description = "zero (AudioMAE++) or reflect (MW-MAE); default ${DEFAULT-VALUE}")
    String pad;

    @Option(names = "--format", defaultValue = "harness", paramLabel = "FORMAT",
            description = "harness or hear (hear-eval-kit's per-file layout); default ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE", description = "cpu, gpu or gpu:N; default ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "PRECISION",
            description = "fp32, tf32 or fp16 (the encoder's matrix products); default ${DEFAULT-VALUE}")
    String precision;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "2-s chunks per encoder call; default ${DEFAULT-VALUE}")
    int batchSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Map<String, Object> embeddingMap = new LinkedHashMap<>();
        embeddingMap.put("layout", layout);
        embeddingMap.put("pad", pad);
        EmbeddingConfig embedding = EmbeddingConfig.fromMap(embeddingMap);
        Precision p = Precision.of(precision);
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("harness") && !f.equals("hear")) {
            throw new BadInputException("--format must be harness or hear, not " + format);
        }
        if (batchSize < 1) {
            throw new BadInputException("--batch-size must be at least 1, not " + batchSize);
        }
        JobPrecision.requireActive(p, "harness embed");
        HearTask hearTask = HearTaskReader.read(task);
        Path weights = weights();
        Map<String, Object> record;
        try (NDManager manager = NDManager.newBaseManager(Devices.available(device));
                MaskedAutoencoder mae = MaskedAutoencoder.load(weights, manager)) {
            record = EmbedStage.embedTask(hearTask, mae, manager,
                    new EmbedStage.Settings(embedding, batchSize, p, f.equals("harness"), f.equals("hear")), out,
                    System.err, ClipProgress::new);
        }
        record.put("format", f);
        record.put("model_file", weights.toAbsolutePath().normalize().toString());
        record.put("model_sha256", CheckpointImporter.sha256(weights));
        Files.createDirectories(out);
        new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValue(out.resolve("embedding.json").toFile(), record);
        spec.commandLine().getOut().printf("%s: %s embeddings of %s (dimension %s) in %s%n", hearTask.name(), f,
                weights, record.get("dim"), out);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** Clips embedded, on standard error. */
    private static final class ClipProgress implements org.audiomaepp.harness.jobs.Progress {
        private final Progress bar;
        private long done;

        ClipProgress(long total) {
            bar = Progress.start("embed", "clips", 0, total);
        }

        @Override
        public void stepBy(long n) {
            done += n;
            bar.update(done, "");
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** The model file: as given, inside a directory, or imported from a released checkpoint. */
    private Path weights() {
        Path file = Files.isDirectory(model) ? model.resolve(TrainableModel.MODEL_FILE) : model;
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such model file; give a model.bin, a directory holding one, or a"
                    + " .pth / .safetensors checkpoint");
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".pth") || name.endsWith(".pt") || name.endsWith(".safetensors")) {
            return CheckpointImporter.importTo(file, out.resolve("model"), CheckpointImporter.Options.infer()).modelFile();
        }
        return file;
    }
}
