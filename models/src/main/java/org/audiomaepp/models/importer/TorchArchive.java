package org.audiomaepp.models.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.audiomaepp.models.importer.RestrictedUnpickler.Placeholder;
import org.audiomaepp.models.importer.RestrictedUnpickler.StorageType;
import org.audiomaepp.models.importer.RestrictedUnpickler.TensorView;
import org.audiomaepp.models.importer.RestrictedUnpickler.Tuple;

/**
 * A {@code torch.save} file (PyTorch 1.6 and later): a zip archive whose {@code <name>/data.pkl}
 * pickles the saved object, with every tensor's storage as a persistent id
 * {@code ('storage', torch.FloatStorage, key, location, numel)} whose bytes are the archive entry
 * {@code <name>/data/<key>}, little-endian.
 *
 * <p>{@link #stateDict} finds the model's weights: the object itself when it is a dict of tensors,
 * or its {@code model} (or {@code state_dict}, {@code model_state_dict}) entry, as in the released
 * AudioMAE++ checkpoints {@code {model, optimizer, epoch, scaler, args}}. The rest is left unread.
 */
public final class TorchArchive {

    private TorchArchive() {}

    /** The saved object's weights and what else the top-level dict held. */
    public record Contents(Map<String, StoredTensor> tensors, String stateDictKey, List<String> otherEntries) {}

    /** Entries of the top-level dict that may hold the model's state dict, in the order tried. */
    static final List<String> STATE_DICT_KEYS = List.of("model", "state_dict", "model_state_dict");

    /**
     * @throws ImportException if the archive is truncated or damaged, has no pickle, asks for a
     *                         class outside the supported set, or holds no state dict
     */
    public static Contents stateDict(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ImportException(file + ": the zip archive is truncated or damaged (" + e.getMessage()
                    + "); download or copy it again");
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read (" + e.getMessage() + ")");
        }
        try (zip) {
            String prefix = prefix(zip, file);
            byte[] pickle = read(zip, file, prefix + "data.pkl");
            Object root = RestrictedUnpickler.load(file, pickle, pid -> storage(zip, file, prefix, pid));
            return contents(file, root);
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static Contents contents(Path file, Object root) {
        if (!(root instanceof Map<?, ?> top)) {
            throw new ImportException(file + ": holds a " + kind(root) + ", not a dict of tensors or a checkpoint dict");
        }
        if (isStateDict(top)) {
            return new Contents(tensors(file, top), "", List.of());
        }
        for (String key : STATE_DICT_KEYS) {
            if (top.get(key) instanceof Map<?, ?> m && isStateDict(m)) {
                List<String> others = new ArrayList<>();
                top.keySet().forEach(k -> {
                    if (!key.equals(k)) {
                        others.add(String.valueOf(k));
                    }
                });
                return new Contents(tensors(file, m), key, others);
            }
        }
        throw new ImportException(file + ": no state dict found: the saved dict has keys " + top.keySet()
                + " and none of " + STATE_DICT_KEYS + " is a dict of tensors");
    }

    private static boolean isStateDict(Map<?, ?> m) {
        return !m.isEmpty() && m.keySet().stream().allMatch(k -> k instanceof String)
                && m.values().stream().allMatch(v -> v instanceof TensorView);
    }

    private static Map<String, StoredTensor> tensors(Path file, Map<?, ?> dict) {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            String name = (String) e.getKey();
            TensorView v = (TensorView) e.getValue();
            if (!(v.storage() instanceof Storage s)) {
                throw new ImportException(file + ": tensor `" + name + "` has no storage reference");
            }
            if (s.dtype() == null) {
                throw new ImportException(file + ": tensor `" + name + "` is of type " + s.typeName()
                        + ", not a floating-point weight (float32, float16, bfloat16, float64)");
            }
            if (v.size().length != v.stride().length) {
                throw new ImportException(file + ": tensor `" + name + "` has " + v.size().length + " sizes but "
                        + v.stride().length + " strides");
            }
            out.put(name, new StoredTensor(file, name, s.dtype(), v.size(), v.stride(), v.offset(), s.bytes()));
        }
        return out;
    }

    /** A storage named by a persistent id: its type and how to read its bytes. */
    record Storage(String typeName, DType dtype, StoredTensor.StorageBytes bytes) {}

    private static Object storage(ZipFile zip, Path file, String prefix, Object pid) {
        if (!(pid instanceof Tuple t) || t.size() < 5 || !"storage".equals(t.get(0))
                || !(t.get(1) instanceof StorageType type) || !(t.get(2) instanceof String key)) {
            throw new ImportException(file + ": a persistent id is not a storage reference (" + pid
                    + "); not a PyTorch checkpoint");
        }
        String entry = prefix + "data/" + key;
        if (zip.getEntry(entry) == null) {
            throw new ImportException(file + ": storage `" + entry + "` is missing from the archive; the file is"
                    + " damaged, download it again");
        }
        // read on demand from a fresh handle: the archive is closed once the pickle is read, and only
        // the model's storages (not the optimizer's) are ever fetched
        return new Storage(type.className(), type.dtype(), () -> {
            try (ZipFile again = new ZipFile(file.toFile())) {
                return read(again, file, entry);
            } catch (IOException e) {
                throw new ImportException(file + ": cannot read storage " + entry + " (" + e.getMessage() + ")");
            }
        });
    }

    /** The archive's single top directory ({@code archive/} in files torch writes), with its slash. */
    private static String prefix(ZipFile zip, Path file) {
        List<String> found = new ArrayList<>();
        zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith("data.pkl")).forEach(found::add);
        for (String n : found) {
            if (n.equals("data.pkl")) {
                return "";
            }
            int slash = n.indexOf('/');
            if (slash > 0 && n.equals(n.substring(0, slash) + "/data.pkl")) {
                return n.substring(0, slash + 1);
            }
        }
        throw new ImportException(file + ": a zip archive without a data.pkl, so not a torch.save checkpoint");
    }

    private static byte[] read(ZipFile zip, Path file, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ImportException(file + ": the archive has no " + name);
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readAllBytes();
            if (e.getSize() >= 0 && b.length != e.getSize()) {
                throw new ImportException(file + ": archive entry " + name + " is truncated");
            }
            return b;
        }
    }

    private static String kind(Object o) {
        return o == null ? "None" : o instanceof Placeholder p ? p.className() : o.getClass().getSimpleName();
    }
}
