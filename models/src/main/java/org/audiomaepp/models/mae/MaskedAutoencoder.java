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
import org.audiomaepp.models.nn.NoGrad;
import org.audiomaepp.models.nn.ParameterFile;
import org.audiomaepp.models.nn.ParameterStore;

/**
 * A masked autoencoder on log-mel spectrograms (docs/model.md §2–7): AudioMAE++ with {@code plusplus}
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
     * A freshly initialized model (docs/model.md §4.5): Xavier-uniform linear weights, zero biases, unit
     * LayerNorms, N(0, 0.02) cls and mask tokens, drawn in Java from generators seeded by
     * {@code (initSeed, parameter name)}, so the same seed gives the same bytes.
     */
    public static MaskedAutoencoder create(ModelConfig config, NDManager manager, long initSeed) {
        NDManager sub = manager.newSubManager();
        try {
            return new MaskedAutoencoder(config, sub, ParameterStore.seeded(initSeed));
        } catch (RuntimeException e) {
            sub.close();
            throw e;
        }
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
            unused.remove(name);
            return stored(contents, file, name, shape).values();
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

    /**
     * Overwrites this model's parameter values in place with those saved in {@code file} (e.g. to
     * resume a run whose optimizer holds these arrays); call it outside a gradient collector. Nothing
     * is changed unless every tensor fits.
     *
     * @throws BadConfigException if the file is unreadable or holds a model of another config
     */
    public void restore(Path file) {
        ParameterFile.Contents contents = ParameterFile.read(file);
        ModelConfig saved = configOf(contents.metadata(), file);
        if (!saved.equals(config)) {
            throw new BadConfigException(file + " holds a model with config " + saved.toMap() + ", not the expected "
                    + config.toMap());
        }
        if (contents.tensors().size() != parameters.size()) {
            throw new BadConfigException("parameter file " + file + " holds " + contents.tensors().size()
                    + " tensors; the model has " + parameters.size());
        }
        List<float[]> values = new java.util.ArrayList<>();
        for (NamedParameter p : parameters) {
            values.add(stored(contents, file, p.name(), p.array().getShape()).values());
        }
        NoGrad.run(() -> {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).array().set(values.get(i));
            }
        });
    }

    private static ParameterFile.Tensor stored(ParameterFile.Contents contents, Path file, String name, Shape shape) {
        ParameterFile.Tensor t = contents.tensors().get(name);
        if (t == null) {
            throw new BadConfigException("parameter file " + file + " lacks `" + name + "` that its model config"
                    + " needs; the file is damaged or was written by other code");
        }
        if (!Arrays.equals(t.shape(), shape.getShape())) {
            throw new BadConfigException("parameter `" + name + "` in " + file + " has shape "
                    + Arrays.toString(t.shape()) + " but the model config needs " + shape);
        }
        return t;
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
     * The pretraining loss (docs/model.md §7.3): squared error averaged over each token's values, then
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
        checkMask(spec, mask);
        NDArray target = Tokenizer.tokenize(spec, config);
        NDArray prediction = decoder.forward(encoder.forward(target, mask), mask);
        NDArray perToken = prediction.sub(target).square().mean(new int[] {-1});
        NDArray masked = mask.maskedIndicator(spec.getManager());
        return perToken.mul(masked).sum().div(masked.sum());
    }

    /**
     * The decoder's reconstruction of every token, kept and masked, for inspection.
     *
     * @return [B, L, token values] in grid order, comparable with {@link Tokenizer#tokenize}
     */
    public NDArray reconstruct(NDArray spec, Mask mask) {
        checkMask(spec, mask);
        return decoder.forward(encoder.forward(Tokenizer.tokenize(spec, config), mask), mask);
    }

    private void checkMask(NDArray spec, Mask mask) {
        if (mask.batch() != spec.getShape().get(0) || mask.tokens() != config.tokenCount()
                || mask.kept() != config.keptTokens()) {
            throw new IllegalArgumentException("mask for " + mask.batch() + " × " + mask.tokens() + " tokens keeping "
                    + mask.kept() + " does not fit input " + spec.getShape() + " of this model");
        }
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

    /**
     * A new manager under the model's, on its device, for one step or batch: close it at the end
     * and everything created in it goes away.
     */
    public NDManager newSubManager() {
        return manager.newSubManager();
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
