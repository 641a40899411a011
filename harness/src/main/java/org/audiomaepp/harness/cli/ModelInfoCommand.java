package org.audiomaepp.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.audiomaepp.harness.BadInputException;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.config.Preset;
import org.audiomaepp.models.mae.ParameterCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code harness model-info}: the shapes and trainable parameter counts of a model config, computed
 * from the config alone (nothing is allocated, so huge presets are instant).
 */
@Command(
        name = "model-info",
        mixinStandardHelpOptions = true,
        description = {
            "Print a model's token grid, widths and trainable parameter counts (encoder side = token embedding"
                    + " + cls + blocks + final norm; decoder; total). Fixed position tables are not parameters.",
            "Presets: tiny, base, large, huge (the paper's); micro, mini (this project's CI sizes)."
        },
        footer = {"", "Examples:",
            "  harness model-info base",
            "  harness model-info large decoder.width=768 decoder.heads=12",
            "  harness model-info tiny --block vanilla rope=both rope_positions=grid --json", ""})
final class ModelInfoCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PRESET", description = "tiny, base, large, huge, micro or mini")
    String preset;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE",
            description = "overrides of model keys as in a sweep file's model section, e.g. decoder.width=512,"
                    + " rope=both, tokens=frame, mask_ratio=0.75")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--block", paramLabel = "vanilla|plusplus",
            description = "block kind (default plusplus, AudioMAE++; vanilla is the MAE baseline)")
    String block;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelConfig config = ModelConfig.fromMap(configMap());
        ParameterCounts counts = ParameterCounts.of(config);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(jsonOf(config, counts)));
        } else {
            printText(out, config, counts);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Map<String, Object> configMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("preset", Preset.of(preset).key());
        if (block != null) {
            map.put("block", block);
        }
        for (String kv : overrides) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("override `" + kv + "` is not KEY=VALUE; write e.g. decoder.width=512");
            }
            String key = kv.substring(0, eq).trim();
            if (key.equals("preset") || (key.equals("block") && block != null)) {
                throw new BadInputException("`" + key + "` is given twice; give it once");
            }
            if (map.put(key, kv.substring(eq + 1).trim()) != null) {
                throw new BadInputException("override `" + key + "` is given twice; give it once");
            }
        }
        return map;
    }

    private static Map<String, Object> jsonOf(ModelConfig c, ParameterCounts counts) {
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("time", c.gridTime());
        grid.put("freq", c.gridFreq());
        grid.put("tokens", c.tokenCount());
        grid.put("token_values", c.tokenValues());
        grid.put("kept_tokens", c.keptTokens());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("encoder", counts.encoder());
        params.put("decoder", counts.decoder());
        params.put("total", counts.total());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", c.toMap());
        m.put("from_paper", Preset.of(c.preset()).fromPaper);
        m.put("grid", grid);
        m.put("encoder_head_dim", c.width() / c.heads());
        m.put("decoder_head_dim", c.decoder().width() / c.decoder().heads());
        m.put("scene_embedding_dim", c.gridFreq() * c.width());
        m.put("parameters", params);
        return m;
    }

    private static void printText(PrintWriter out, ModelConfig c, ParameterCounts counts) {
        Map<String, Object> m = c.toMap();
        String kind = Preset.of(c.preset()).fromPaper ? "paper size" : "this project's CI size, not from the paper";
        row(out, "preset", c.preset() + " (" + kind + ")");
        row(out, "block", m.get("block") + ", ffn2_norm " + m.get("ffn2_norm"));
        row(out, "tokens", m.get("tokens") + ": " + c.gridTime() + " time × " + c.gridFreq() + " freq = "
                + c.tokenCount() + " tokens of " + c.tokenValues() + " values, from " + c.inputFrames() + " frames × "
                + c.melBins() + " mel");
        row(out, "encoder", "width " + c.width() + ", depth " + c.depth() + ", heads " + c.heads() + " (head dim "
                + c.width() / c.heads() + "), mlp ratio " + c.mlpRatio());
        row(out, "decoder", "width " + c.decoder().width() + ", depth " + c.decoder().depth() + ", heads "
                + c.decoder().heads() + " (head dim " + c.decoder().width() / c.decoder().heads() + ")");
        row(out, "masking", m.get("masking") + ", ratio " + c.maskRatio() + ": " + c.keptTokens() + " of "
                + c.tokenCount() + " tokens kept");
        row(out, "position", "rope " + m.get("rope") + ", rope_positions " + m.get("rope_positions"));
        row(out, "scene embedding", (c.gridFreq() * c.width()) + " values");
        out.println("parameters");
        row(out, "  encoder side", String.format("%,15d", counts.encoder()));
        row(out, "  decoder", String.format("%,15d", counts.decoder()));
        row(out, "  total", String.format("%,15d", counts.total()));
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-16s %s%n", label, value);
    }
}
