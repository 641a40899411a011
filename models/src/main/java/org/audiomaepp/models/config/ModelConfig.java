package org.audiomaepp.models.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.config.Setting.Type;

/**
 * Everything that fixes a masked autoencoder's shape and pretraining mask (docs/model.md §2–7). Built
 * from a {@link Preset} plus overrides ({@link #fromMap}); {@link #toMap()} is the canonical
 * resolved form that job keys and provenance records hash.
 *
 * @param preset       the preset the sizes started from (kept for provenance; the fields win)
 * @param block        block kind of encoder and decoder
 * @param width        encoder width D
 * @param depth        encoder blocks
 * @param heads        encoder attention heads
 * @param mlpRatio     hidden width of the MLPs over D (4 in the paper)
 * @param decoder      decoder width, depth and heads
 * @param tokens       patch or frame tokens
 * @param masking      pretraining mask kind
 * @param maskRatio    fraction of tokens hidden from the encoder, in (0, 1)
 * @param rope         where rotary embedding replaces the additive tables
 * @param ropePositions which positions RoPE uses
 * @param ffn2Norm     which LayerNorm feeds a plusplus block's SwiGLU
 * @param ropeTables   whether a side with RoPE still adds its sin-cos table
 * @param inputFrames  frames per model input (200 = 2 s)
 * @param melBins      mel bins per frame (80)
 */
public record ModelConfig(
        String preset,
        Block block,
        int width,
        int depth,
        int heads,
        int mlpRatio,
        DecoderConfig decoder,
        Tokens tokens,
        Masking masking,
        double maskRatio,
        Rope rope,
        RopePositions ropePositions,
        Ffn2Norm ffn2Norm,
        RopeTables ropeTables,
        int inputFrames,
        int melBins) {

    /** Frames per patch token along time. */
    public static final int PATCH_FRAMES = 4;
    /** Mel bins per patch token. */
    public static final int PATCH_MELS = 16;
    /** Frames per frame token. */
    public static final int FRAME_FRAMES = 2;

    /**
     * Every model setting: the one description a sweep's {@code model:} section, the command line's
     * overrides, the harness's validation and the documentation's key table come from. Sizes not set
     * come from the preset.
     */
    public static final List<Setting> SETTINGS = List.of(
            Setting.of("model.preset", Type.ENUM).choices(Arrays.stream(Preset.values()).map(Preset::key).toList())
                    .def("base").doc("size preset; fills width, depth, heads and decoder.* unless they are set"),
            Setting.of("model.block", Type.ENUM).choices(Block.class).def("plusplus")
                    .doc("vanilla = MAE baseline (ViT pre-norm), plusplus = AudioMAE++ macaron SwiGLU block"),
            Setting.of("model.width", Type.INT).atLeast(1).derived().doc("encoder width D"),
            Setting.of("model.depth", Type.INT).atLeast(1).derived().doc("encoder blocks"),
            Setting.of("model.heads", Type.INT).atLeast(1).derived().doc("encoder attention heads; must divide width"),
            Setting.of("model.mlp_ratio", Type.INT).atLeast(1).addedLater(4L)
                    .doc("hidden width of the GELU and SiLU MLPs over the block width (4 in the paper)"),
            Setting.of("model.tokens", Type.ENUM).choices(Tokens.class).def("patch")
                    .doc("patch = 4 frames x 16 mel (250 tokens), frame = 2 frames x 80 mel (100 tokens, MAE-AST)"),
            Setting.of("model.masking", Type.ENUM).choices(Masking.class).def("random")
                    .doc("random = unstructured, time = whole time steps, chunk = SSAST/MAE-AST squares (patch tokens)"),
            Setting.of("model.mask_ratio", Type.REAL).between(0, true, 1.0, true).def(0.8)
                    .doc("fraction of tokens masked (0.8 AudioMAE++, 0.75 MAE-AST)"),
            Setting.of("model.rope", Type.ENUM).choices(Rope.class).def("none")
                    .doc("rotary position embedding instead of the additive tables: nowhere, decoder only, both sides"),
            Setting.of("model.rope_positions", Type.ENUM).choices(RopePositions.class).def("sequence")
                    .doc("RoPE position of a token: its index in the sequence (released code) or in the token grid"),
            Setting.of("model.ffn2_norm", Type.ENUM).choices(Ffn2Norm.class).def("shared")
                    .doc("plusplus: the SwiGLU re-uses LN2 (released code) or uses its own LN3"),
            Setting.of("model.rope_tables", Type.ENUM).choices(RopeTables.class).addedLater("replaced")
                    .doc("with RoPE: it replaces the sin-cos tables (paper) or the tables are added as well (released"
                            + " code; imported RoPE checkpoints)"),
            Setting.of("model.decoder.width", Type.INT).atLeast(1).derived().doc("decoder width (the Table 4 axis)"),
            Setting.of("model.decoder.depth", Type.INT).atLeast(1).derived().doc("decoder blocks"),
            Setting.of("model.decoder.heads", Type.INT).atLeast(1).derived()
                    .doc("decoder attention heads; must divide decoder.width"),
            Setting.of("model.input_frames", Type.INT).atLeast(1).addedLater(200L)
                    .doc("frames per model input (200 = 2 s at a 10 ms hop)"),
            Setting.of("model.mel_bins", Type.INT).atLeast(1).addedLater(80L).doc("mel bins per frame"));

    /** Every key {@link #fromMap} accepts (the settings without their section), nested decoder keys dotted. */
    public static final List<String> KEYS = SETTINGS.stream().map(Setting::name).toList();

    /** Combinations of model settings that cannot be built; checked by {@link #fromMap} and by sweep validation. */
    public static final List<SettingRule> RULES = List.of(
            SettingRule.of(c -> divides(c, "model.heads", "model.width"), "model.heads", "model.width"),
            SettingRule.of(c -> divides(c, "model.decoder.heads", "model.decoder.width"),
                    "model.decoder.heads", "model.decoder.width"),
            SettingRule.of(ModelConfig::wholeTokens, "model.input_frames", "model.mel_bins", "model.tokens"),
            SettingRule.of(c -> c.get("model.masking").equals("chunk") && c.get("model.tokens").equals("frame")
                    ? "`masking: chunk` draws squares of patches and needs `tokens: patch`; with frame tokens"
                            + " use `masking: random` (MAE-AST's frame setting)"
                    : null, "model.masking", "model.tokens"),
            SettingRule.of(ModelConfig::keepsSomething, "model.mask_ratio", "model.masking", "model.tokens",
                    "model.input_frames", "model.mel_bins"),
            SettingRule.of(c -> c.get("model.rope").equals("both")
                    ? evenHeadDim(c, "model.width", "model.heads", "encoder") : null,
                    "model.rope", "model.width", "model.heads"),
            SettingRule.of(c -> !c.get("model.rope").equals("none")
                    ? evenHeadDim(c, "model.decoder.width", "model.decoder.heads", "decoder") : null,
                    "model.rope", "model.decoder.width", "model.decoder.heads"),
            SettingRule.of(ModelConfig::encoderTableWidth, "model.width", "model.tokens", "model.rope", "model.rope_tables"),
            SettingRule.of(c -> (c.get("model.rope").equals("none") || c.get("model.rope_tables").equals("added"))
                    && (long) c.get("model.decoder.width") % 2 != 0
                    ? "the decoder's sin-cos table needs an even `decoder.width`, got " + c.get("model.decoder.width")
                    : null, "model.decoder.width", "model.rope", "model.rope_tables"),
            SettingRule.of(c -> c.get("model.rope_tables").equals("added") && c.get("model.rope").equals("none")
                    ? "`rope_tables: added` only matters with RoPE; set `rope: decoder` or `both`, or drop it"
                    : null, "model.rope_tables", "model.rope"));

    private static final String SECTION = "model";

    public ModelConfig {
        if (preset == null || block == null || decoder == null || tokens == null || masking == null
                || rope == null || ropePositions == null || ffn2Norm == null) {
            throw new BadConfigException("model config has an empty field");
        }
    }

    /** The preset with the settings' defaults: plusplus blocks, patch tokens, random masking at 0.8, no RoPE. */
    public static ModelConfig of(Preset p) {
        return fromMap(Map.of("preset", p.key()));
    }

    /** {@link #of(Preset)} by preset name. */
    public static ModelConfig of(String preset) {
        return of(Preset.of(preset));
    }

    /**
     * Builds a config from a sweep file's {@code model:} map: the {@code preset} first, then every
     * other key as an override of the preset's sizes and the {@link #SETTINGS}' defaults. Decoder
     * keys may be nested ({@code decoder: {width: 512}}) or dotted ({@code decoder.width: 512}).
     * Numbers may be given as strings (command-line overrides).
     *
     * @throws BadConfigException on a missing preset, an unknown key (with the closest valid key),
     *                            a wrong type, a value out of bounds or an impossible combination
     */
    public static ModelConfig fromMap(Map<String, ?> map) {
        Map<String, Object> given = ConfigValues.flatten(SECTION, map);
        if (given.containsKey("decoder")) {
            throw new BadConfigException("model key `decoder` must be a map, e.g. decoder: {width: 512, depth: 4,"
                    + " heads: 8}, or use dotted keys such as decoder.width: 512");
        }
        ConfigValues.rejectUnknown(SECTION, given.keySet(), KEYS);
        Object presetName = given.get("preset");
        if (presetName == null) {
            throw new BadConfigException("model config needs a `preset` (one of tiny, base, large, huge, micro, mini)"
                    + " that the other keys override");
        }
        Preset p = Preset.of(ConfigValues.text(SECTION, "preset", presetName));
        Map<String, Object> flat = new LinkedHashMap<>();
        for (Setting s : SETTINGS) {
            if (s.presence() == Setting.Presence.DEFAULT) {
                flat.put(s.name(), s.defaultValue());
            }
        }
        flat.putAll(ConfigRecords.flat("", Map.of("width", p.width, "depth", p.depth, "heads", p.heads,
                "decoder", ConfigRecords.toMap(p.decoder))));
        flat.putAll(given);
        flat.put("preset", p.key());
        ModelConfig c = ConfigRecords.build(ModelConfig.class, SECTION, "", flat);
        SettingRule.require(SETTINGS, RULES, c.settings());
        return c;
    }

    /**
     * The canonical resolved form: every field, nested {@code decoder} map, enum values in lower
     * case. {@code fromMap(toMap())} gives an equal config. {@code rope_tables} appears only when it
     * is {@code added}, so that model files and configs from before the setting keep their form.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = ConfigRecords.toMap(this);
        if (ropeTables == RopeTables.REPLACED) {
            m.remove("rope_tables");
        }
        return m;
    }

    /** Every setting by its full dotted path ({@code model.decoder.width}), integers as Long: what rules read. */
    public Map<String, Object> settings() {
        return ConfigRecords.flat(SECTION + ".", ConfigRecords.toMap(this));
    }

    /** Preset and block as a log line names the network: {@code micro/plusplus}. */
    public String label() {
        return preset + "/" + ConfigValues.key(block);
    }

    /** Tokens along time per input (50 for patches, 100 for frames). */
    public int gridTime() {
        return tokens == Tokens.PATCH ? inputFrames / PATCH_FRAMES : inputFrames / FRAME_FRAMES;
    }

    /** Tokens along frequency per time step (5 for patches, 1 for frames). */
    public int gridFreq() {
        return tokens == Tokens.PATCH ? melBins / PATCH_MELS : 1;
    }

    /** Tokens per input, L (250 for patches, 100 for frames). */
    public int tokenCount() {
        return gridTime() * gridFreq();
    }

    /** Values in one token (64 for patches, 160 for frames). */
    public int tokenValues() {
        return tokens == Tokens.PATCH ? PATCH_FRAMES * PATCH_MELS : FRAME_FRAMES * melBins;
    }

    /** Tokens the encoder sees during pretraining: {@code floor(L·(1-r))}, or whole time steps for time masking. */
    public int keptTokens() {
        return keptTokens(gridTime(), gridFreq(), masking, maskRatio);
    }

    /** Whether the encoder uses RoPE instead of its additive table. */
    public boolean encoderRope() {
        return rope == Rope.BOTH;
    }

    /** Whether the decoder uses RoPE instead of its additive table. */
    public boolean decoderRope() {
        return rope != Rope.NONE;
    }

    /** Whether the encoder adds its fixed sin-cos table (no RoPE there, or RoPE with tables added). */
    public boolean encoderTable() {
        return !encoderRope() || ropeTables == RopeTables.ADDED;
    }

    /** Whether the decoder adds its fixed sin-cos table. */
    public boolean decoderTable() {
        return !decoderRope() || ropeTables == RopeTables.ADDED;
    }

    /** Hidden width of a plusplus block's SwiGLU: {@code floor(8·width/3)}. */
    public static int swigluHidden(int width) {
        return 8 * width / 3;
    }

    private static int keptTokens(int gridTime, int gridFreq, Masking masking, double ratio) {
        if (masking == Masking.TIME) {
            return floor(gridTime * (1 - ratio)) * gridFreq;
        }
        return floor(gridTime * gridFreq * (1 - ratio));
    }

    /**
     * floor with a tolerance: 250 · (1 - 0.8) is 49.99999999999999 in binary floating point, and the
     * spec's count is 50 (a plain Python {@code int()} would keep 49).
     */
    private static int floor(double x) {
        return (int) Math.floor(x + 1e-9);
    }

    private static String divides(Map<String, Object> c, String headsKey, String widthKey) {
        long heads = (long) c.get(headsKey);
        long width = (long) c.get(widthKey);
        if (width % heads == 0) {
            return null;
        }
        long nearest = 1;
        for (long h = 1; h <= width; h++) {
            if (width % h == 0 && Math.abs(h - heads) < Math.abs(nearest - heads)) {
                nearest = h;
            }
        }
        return "`" + shortName(headsKey) + "` (" + heads + ") must divide `" + shortName(widthKey) + "` (" + width
                + "); nearest that does: " + nearest;
    }

    private static String evenHeadDim(Map<String, Object> c, String widthKey, String headsKey, String side) {
        long width = (long) c.get(widthKey);
        long heads = (long) c.get(headsKey);
        if (width % heads != 0) {
            return null;
        }
        long headDim = width / heads;
        return headDim % 2 != 0
                ? "RoPE rotates pairs of channels and needs an even head size; the " + side + "'s is " + width + "/"
                        + heads + " = " + headDim + "; change `" + shortName(headsKey) + "` or `" + shortName(widthKey)
                        + "`, or rope"
                : null;
    }

    private static String encoderTableWidth(Map<String, Object> c) {
        if (c.get("model.rope").equals("both") && !c.get("model.rope_tables").equals("added")) {
            return null;
        }
        long width = (long) c.get("model.width");
        boolean patch = c.get("model.tokens").equals("patch");
        long multiple = patch ? 4 : 2;
        return width % multiple != 0
                ? "the encoder's " + (patch ? "2-D" : "1-D") + " sin-cos table needs `width` divisible by " + multiple
                        + ", got " + width
                : null;
    }

    private static String wholeTokens(Map<String, Object> c) {
        long frames = (long) c.get("model.input_frames");
        long mels = (long) c.get("model.mel_bins");
        if (c.get("model.tokens").equals("patch")) {
            return frames % PATCH_FRAMES != 0 || mels % PATCH_MELS != 0
                    ? "patch tokens need `input_frames` a multiple of " + PATCH_FRAMES + " and `mel_bins` a multiple of "
                            + PATCH_MELS + "; got " + frames + " x " + mels
                    : null;
        }
        return frames % FRAME_FRAMES != 0 ? "frame tokens need an even `input_frames`; got " + frames : null;
    }

    private static String keepsSomething(Map<String, Object> c) {
        if (wholeTokens(c) != null) {
            return null;
        }
        double ratio = (double) c.get("model.mask_ratio");
        boolean patch = c.get("model.tokens").equals("patch");
        boolean time = c.get("model.masking").equals("time");
        long frames = (long) c.get("model.input_frames");
        long gridTime = patch ? frames / PATCH_FRAMES : frames / FRAME_FRAMES;
        long gridFreq = patch ? (long) c.get("model.mel_bins") / PATCH_MELS : 1;
        long units = time ? gridTime : gridTime * gridFreq;
        String unit = time ? "time steps" : "tokens";
        return floor(units * (1 - ratio)) < 1
                ? "`mask_ratio` " + text(ratio) + " keeps none of the " + units + " " + unit
                        + " (floor(" + units + " x (1 - ratio)) = 0); use at most " + text(1 - 1.0 / units)
                : null;
    }

    /** A number as a sweep file writes it: 0.8, 4, 1e-08. */
    private static String text(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String shortName(String key) {
        return key.substring(key.indexOf('.') + 1);
    }
}
