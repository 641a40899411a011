package org.audiomaepp.models.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.audiomaepp.models.BadConfigException;
import org.audiomaepp.models.config.ModelConfig;
import org.audiomaepp.models.nn.NamedParameter;
import org.audiomaepp.models.nn.ParameterFile;
import org.audiomaepp.models.nn.ParameterStore;

/**
 * A masked autoencoder on log-mel spectrograms (model.md §2–7): AudioMAE++ with {@code plusplus}
 * blocks, the MAE baselines with {@code vanilla} blocks.
 *
 * <p>Parameters live in the model's own sub-manager (closed by {@link #close()}); every array a
 * forward pass creates is attached to the input's manager, so a caller that runs each step in
 * {@code try (NDManager step = base.newSubManager())} frees them at the end of the step.
 */
public final class MaskedAutoencoder implements AutoCloseable {
    private static final String FORMAT = "audiomaepp-masked-autoencoder/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelConfig config;
    private final NDManager manager;
    private final List<NamedParameter> parameters;
    private final Encoder encoder;
    private final Decoder decoder;
    private final MaskSampler masks;

    private MaskedAutoencoder(ModelConfig config, NDManager manager, ParameterStore.Source source) {
        this.config = config;
        this.manager = manager;
        ParameterStore store = new ParameterStore(manager, source);
        this.encoder = new Encoder(store, config);
        this.decoder = new Decoder(store, config);
        this.parameters = store.parameters();
        this.masks = new MaskSampler(config);
    }

    /**
     * A freshly initialized model (model.md §4): Xavier-uniform linear weights, zero biases, unit
     * LayerNorms, N(0, 0.02) cls and mask tokens, drawn in Java from generators seeded by
     * {@code (initSeed, parameter name)}, so the same seed gives the same bytes.
     */
    public static MaskedAutoencoder create(ModelConfig config, NDManager manager, long initSeed) {
        return new MaskedAutoencoder(config, manager.newSubManager(), ParameterStore.seeded(initSeed));
    }

    /**
     * Rebuilds a model saved by {@link #save}: its config from the file's metadata, its values from
     * the file.
     *
     * @throws BadConfigException if the file is missing, corrupted, not a model, or its tensors do
     *                            not match its config
     */
    public static MaskedAutoencoder load(Path file, NDManager manager) {
        ParameterFile.Contents contents = ParameterFile.read(file);
        ModelConfig config = configOf(contents.metadata(), file);
        Set<String> unused = new LinkedHashSet<>(contents.tensors().keySet());
        ParameterStore.Source source = (name, shape, init) -> {
            ParameterFile.Tensor t = contents.tensors().get(name);
            if (t == null) {
                throw new BadConfigException("parameter file " + file + " lacks `" + name + "` that its model config"
                        + " needs; the file is damaged or was written by other code");
            }
            if (!Arrays.equals(t.shape(), shape.getShape())) {
                throw new BadConfigException("parameter `" + name + "` in " + file + " has shape "
                        + Arrays.toString(t.shape()) + " but the model config needs " + shape);
            }
            unused.remove(name);
            return t.values();
        };
        NDManager sub = manager.newSubManager();
        try {
            MaskedAutoencoder model = new MaskedAutoencoder(config, sub, source);
            if (!unused.isEmpty()) {
                throw new BadConfigException("parameter file " + file + " holds tensors its model config does not"
                        + " use: " + unused);
            }
            return model;
        } catch (RuntimeException e) {
            sub.close();
            throw e;
        }
    }

    /** Writes every parameter and the resolved config, atomically (see {@link ParameterFile}). */
    public void save(Path file) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("model", config.toMap());
        try {
            ParameterFile.write(file, JSON.writeValueAsString(meta), parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModelConfig configOf(String metadata, Path file) {
        try {
            Map<?, ?> meta = JSON.readValue(metadata, Map.class);
            if (!FORMAT.equals(meta.get("format")) || !(meta.get("model") instanceof Map<?, ?> model)) {
                throw new BadConfigException(file + " holds tensors but not a masked autoencoder of this version"
                        + " (format " + meta.get("format") + ")");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> cast = (Map<String, ?>) model;
            return ModelConfig.fromMap(cast);
        } catch (JsonProcessingException e) {
            throw new BadConfigException(file + " has unreadable metadata: " + e.getOriginalMessage());
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** Every trainable parameter, in a fixed order (encoder first), with its weight-decay flag. */
    public List<NamedParameter> parameters() {
        return parameters;
    }

    /** The masks {@link #loss} uses for a batch of this size and seed. */
    public Mask sampleMask(int batch, long maskSeed) {
        return masks.sample(batch, maskSeed);
    }

    /**
     * The pretraining loss (model.md §7): squared error averaged over each token's values, then
     * over the masked tokens only; the target is the normalized log-mel token itself.
     *
     * @param spec     normalized log-mel [B, 1, 200, 80], float32
     * @param maskSeed seed of this batch's masks, e.g. derived from (run seed, step, micro-batch)
     * @return a scalar attached to {@code spec}'s manager
     */
    public NDArray loss(NDArray spec, long maskSeed) {
        Mask mask = masks.sample(Math.toIntExact(spec.getShape().get(0)), maskSeed);
        return loss(spec, mask);
    }

    /** {@link #loss(NDArray, long)} with explicit masks. */
    public NDArray loss(NDArray spec, Mask mask) {
        NDArray target = Tokenizer.tokenize(spec, config);
        NDArray latent = encoder.forward(target, mask);
        NDArray prediction = decoder.forward(latent, mask);
        NDArray perToken = prediction.sub(target).square().mean(new int[] {-1});
        NDArray masked = mask.maskedIndicator(spec.getManager());
        return perToken.mul(masked).sum().div(masked.sum());
    }

    /**
     * The encoder's view of whole inputs, for embeddings: every token, no masking, after the final
     * LayerNorm, cls dropped.
     *
     * @param spec normalized log-mel [B, 1, 200, 80]
     * @return [B, L, D] in grid order (time-major for patches)
     */
    public NDArray encode(NDArray spec) {
        return encoder.forward(Tokenizer.tokenize(spec, config), null).get(":, 1:, :");
    }

    /** Trainable values on the encoder side: token embedding + cls + blocks + final norm. */
    public int encoderParameterCount() {
        return count("encoder.");
    }

    /** Trainable values in the decoder, including its prediction head and mask token. */
    public int decoderParameterCount() {
        return count("decoder.");
    }

    private int count(String prefix) {
        long n = 0;
        for (NamedParameter p : parameters) {
            if (p.name().startsWith(prefix)) {
                n += p.size();
            }
        }
        return Math.toIntExact(n);
    }

    /** Frees the parameters. */
    @Override
    public void close() {
        manager.close();
    }

    /** Shape of the model's input for a batch of {@code b}. */
    public Shape inputShape(int b) {
        return new Shape(b, 1, config.inputFrames(), config.melBins());
    }
}
