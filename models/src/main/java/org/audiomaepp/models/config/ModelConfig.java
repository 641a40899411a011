package org.audiomaepp.models.config;

import static org.audiomaepp.models.config.ConfigValues.choice;
import static org.audiomaepp.models.config.ConfigValues.integer;
import static org.audiomaepp.models.config.ConfigValues.key;
import static org.audiomaepp.models.config.ConfigValues.number;
import static org.audiomaepp.models.config.ConfigValues.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audiomaepp.models.BadConfigException;

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

    /** Every key {@link #fromMap} accepts, nested decoder keys written dotted. */
    public static final List<String> KEYS = List.of(
            "preset", "block", "width", "depth", "heads", "mlp_ratio",
            "decoder.width", "decoder.depth", "decoder.heads",
            "tokens", "masking", "mask_ratio", "rope", "rope_positions", "ffn2_norm", "rope_tables",
            "input_frames", "mel_bins");

    private static final String SECTION = "model";

    public ModelConfig {
        if (preset == null || block == null || decoder == null || tokens == null || masking == null
                || rope == null || ropePositions == null || ffn2Norm == null || ropeTables == null) {
            throw new BadConfigException("model config has an empty field");
        }
        positive("width", width);
        positive("depth", depth);
        positive("heads", heads);
        positive("mlp_ratio", mlpRatio);
        positive("decoder.width", decoder.width());
        positive("decoder.depth", decoder.depth());
        positive("decoder.heads", decoder.heads());
        positive("input_frames", inputFrames);
        positive("mel_bins", melBins);
        divides("heads", heads, "width", width);
        divides("decoder.heads", decoder.heads(), "decoder.width", decoder.width());
        if (tokens == Tokens.PATCH) {
            if (inputFrames % PATCH_FRAMES != 0 || melBins % PATCH_MELS != 0) {
                throw new BadConfigException("patch tokens need input_frames a multiple of " + PATCH_FRAMES
                        + " and mel_bins a multiple of " + PATCH_MELS + "; got " + inputFrames + " × " + melBins);
            }
        } else if (inputFrames % FRAME_FRAMES != 0) {
            throw new BadConfigException("frame tokens need an even input_frames; got " + inputFrames);
        }
        if (rope != Rope.NONE) {
            evenHeadDim("decoder", decoder.width() / decoder.heads());
        }
        if (rope == Rope.BOTH) {
            evenHeadDim("encoder", width / heads);
        }
        if (rope != Rope.BOTH || ropeTables == RopeTables.ADDED) {
            int multiple = tokens == Tokens.PATCH ? 4 : 2;
            if (width % multiple != 0) {
                throw new BadConfigException("the encoder's sin-cos position table with " + key(tokens)
                        + " tokens needs width a multiple of " + multiple + "; got " + width);
            }
        }
        if ((rope == Rope.NONE || ropeTables == RopeTables.ADDED) && decoder.width() % 2 != 0) {
            throw new BadConfigException("the decoder's sin-cos position table needs an even decoder.width; got "
                    + decoder.width());
        }
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw new BadConfigException("mask_ratio must be strictly between 0 and 1; got " + maskRatio);
        }
        if (masking == Masking.CHUNK && tokens == Tokens.FRAME) {
            throw new BadConfigException("chunk masking cuts squares of patches and needs tokens: patch;"
                    + " use masking: random with frame tokens");
        }
        int gridTime = tokens == Tokens.PATCH ? inputFrames / PATCH_FRAMES : inputFrames / FRAME_FRAMES;
        int gridFreq = tokens == Tokens.PATCH ? melBins / PATCH_MELS : 1;
        if (keptTokens(gridTime, gridFreq, masking, maskRatio) < 1) {
            throw new BadConfigException("mask_ratio " + maskRatio + " with " + key(masking)
                    + " masking leaves the encoder no token; lower it");
        }
    }

    /** The preset with its paper defaults: plusplus blocks, patch tokens, random masking at 0.8, no RoPE. */
    public static ModelConfig of(Preset p) {
        return new ModelConfig(p.key(), Block.PLUSPLUS, p.width, p.depth, p.heads, 4, p.decoder,
                Tokens.PATCH, Masking.RANDOM, 0.8, Rope.NONE, RopePositions.SEQUENCE, Ffn2Norm.SHARED, RopeTables.REPLACED,
                200, 80);
    }

    /** {@link #of(Preset)} by preset name. */
    public static ModelConfig of(String preset) {
        return of(Preset.of(preset));
    }

    /**
     * Builds a config from a sweep file's {@code model:} map: the {@code preset} first, then every
     * other key as an override. Decoder keys may be nested ({@code decoder: {width: 512}}) or
     * dotted ({@code decoder.width: 512}). Numbers may be given as strings (command-line overrides).
     *
     * @throws BadConfigException on a missing preset, an unknown key (with the closest valid key),
     *                            a wrong type or an impossible combination
     */
    public static ModelConfig fromMap(Map<String, ?> map) {
        Map<String, Object> flat = ConfigValues.flatten(SECTION, map);
        if (flat.containsKey("decoder")) {
            throw new BadConfigException("model key `decoder` must be a map, e.g. decoder: {width: 512, depth: 4,"
                    + " heads: 8}, or use dotted keys such as decoder.width: 512");
        }
        ConfigValues.rejectUnknown(SECTION, flat.keySet(), KEYS);
        Object presetName = flat.get("preset");
        if (presetName == null) {
            throw new BadConfigException("model config needs a `preset` (one of tiny, base, large, huge, micro, mini)"
                    + " that the other keys override");
        }
        ModelConfig c = of(Preset.of(text(SECTION, "preset", presetName)));
        String preset = c.preset;
        Block block = c.block;
        int width = c.width;
        int depth = c.depth;
        int heads = c.heads;
        int mlpRatio = c.mlpRatio;
        int decWidth = c.decoder.width();
        int decDepth = c.decoder.depth();
        int decHeads = c.decoder.heads();
        Tokens tokens = c.tokens;
        Masking masking = c.masking;
        double maskRatio = c.maskRatio;
        Rope rope = c.rope;
        RopePositions ropePositions = c.ropePositions;
        Ffn2Norm ffn2Norm = c.ffn2Norm;
        RopeTables ropeTables = c.ropeTables;
        int inputFrames = c.inputFrames;
        int melBins = c.melBins;
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            switch (k) {
                case "preset" -> { }
                case "block" -> block = choice(SECTION, k, v, Block.class);
                case "width" -> width = integer(SECTION, k, v);
                case "depth" -> depth = integer(SECTION, k, v);
                case "heads" -> heads = integer(SECTION, k, v);
                case "mlp_ratio" -> mlpRatio = integer(SECTION, k, v);
                case "decoder.width" -> decWidth = integer(SECTION, k, v);
                case "decoder.depth" -> decDepth = integer(SECTION, k, v);
                case "decoder.heads" -> decHeads = integer(SECTION, k, v);
                case "tokens" -> tokens = choice(SECTION, k, v, Tokens.class);
                case "masking" -> masking = choice(SECTION, k, v, Masking.class);
                case "mask_ratio" -> maskRatio = number(SECTION, k, v);
                case "rope" -> rope = choice(SECTION, k, v, Rope.class);
                case "rope_positions" -> ropePositions = choice(SECTION, k, v, RopePositions.class);
                case "ffn2_norm" -> ffn2Norm = choice(SECTION, k, v, Ffn2Norm.class);
                case "rope_tables" -> ropeTables = choice(SECTION, k, v, RopeTables.class);
                case "input_frames" -> inputFrames = integer(SECTION, k, v);
                case "mel_bins" -> melBins = integer(SECTION, k, v);
                default -> throw new IllegalStateException("key list and switch disagree on " + k);
            }
        }
        return new ModelConfig(preset, block, width, depth, heads, mlpRatio,
                new DecoderConfig(decWidth, decDepth, decHeads), tokens, masking, maskRatio, rope, ropePositions,
                ffn2Norm, ropeTables, inputFrames, melBins);
    }

    /**
     * The canonical resolved form: every field, nested {@code decoder} map, enum values in lower
     * case. {@code fromMap(toMap())} gives an equal config. {@code rope_tables} appears only when it
     * is {@code added}, so that configs from before the option keep their form and job keys.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> decoderMap = new LinkedHashMap<>();
        decoderMap.put("width", decoder.width());
        decoderMap.put("depth", decoder.depth());
        decoderMap.put("heads", decoder.heads());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", preset);
        m.put("block", key(block));
        m.put("width", width);
        m.put("depth", depth);
        m.put("heads", heads);
        m.put("mlp_ratio", mlpRatio);
        m.put("decoder", decoderMap);
        m.put("tokens", key(tokens));
        m.put("masking", key(masking));
        m.put("mask_ratio", maskRatio);
        m.put("rope", key(rope));
        m.put("rope_positions", key(ropePositions));
        m.put("ffn2_norm", key(ffn2Norm));
        if (ropeTables != RopeTables.REPLACED) {
            m.put("rope_tables", key(ropeTables));
        }
        m.put("input_frames", inputFrames);
        m.put("mel_bins", melBins);
        return m;
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

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new BadConfigException("model `" + name + "` must be at least 1; got " + value);
        }
    }

    private static void divides(String small, int a, String big, int b) {
        if (b % a != 0) {
            throw new BadConfigException("model `" + big + "` (" + b + ") must be divisible by `" + small + "` ("
                    + a + ")");
        }
    }

    private static void evenHeadDim(String side, int headDim) {
        if (headDim % 2 != 0) {
            throw new BadConfigException("RoPE rotates pairs of channels and needs an even head dimension; the "
                    + side + "'s is " + headDim + " (change width or heads, or rope)");
        }
    }
}
