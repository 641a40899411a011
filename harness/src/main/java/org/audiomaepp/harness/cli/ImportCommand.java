package org.audiomaepp.harness.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.audiomaepp.models.config.Block;
import org.audiomaepp.models.importer.CheckpointImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness import}: a released checkpoint as this project's model file, with its provenance. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Reads a released AudioMAE++ checkpoint (a torch.save .pth zip archive, e.g. checkpoints/checkpoint-99.pth,"
                    + " or a .safetensors file of its state dict) or a model file of this project, maps the released"
                    + " parameter names onto this project's, checks every tensor's shape, checks the fixed position"
                    + " tables against this project's own, and writes OUT/model.bin and OUT/import.json (source file and"
                    + " SHA-256, model config, mapping, what was checked and ignored).",
            "The pickle inside a .pth is read without running it: only tensors, storages, OrderedDict and a few inert"
                    + " objects (argparse.Namespace, the training configuration) are understood; any other class is"
                    + " refused. Nothing is downloaded.",
        })
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = ".pth, .safetensors or model.bin")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for model.bin and import.json")
    Path out;

    @Option(names = "--preset", paramLabel = "PRESET",
            description = "tiny, base, large, ... (default: the preset whose width and depth match the checkpoint);"
                    + " attention heads come from it")
    String preset;

    @Option(names = "--block", paramLabel = "KIND", description = "plusplus or vanilla (default: from the tensor names)")
    String block;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Block kind = null;
        if (block != null) {
            kind = switch (block) {
                case "plusplus" -> Block.PLUSPLUS;
                case "vanilla" -> Block.VANILLA;
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--block must be plusplus or vanilla, not " + block);
            };
        }
        CheckpointImporter.Result r = CheckpointImporter.importTo(checkpoint, out,
                new CheckpointImporter.Options(preset, kind, null));
        spec.commandLine().getOut().printf("%s: %s checkpoint, sha256 %s%n  -> %s (%s/%s, width %d, depth %d, rope %s)%n"
                        + "  provenance: %s%n",
                checkpoint, r.format(), r.sha256(), r.modelFile(), r.config().preset(), r.config().toMap().get("block"),
                r.config().width(), r.config().depth(), r.config().toMap().get("rope"), r.provenance());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
