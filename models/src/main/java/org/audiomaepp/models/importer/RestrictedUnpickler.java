package org.audiomaepp.models.importer;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a pickle (protocols 2 to 5) into plain Java values without running anything it names.
 * Python's unpickler imports and calls whatever a pickle asks for; this one knows a fixed set of
 * names and refuses every other:
 * <ul>
 *   <li>{@code torch._utils._rebuild_tensor_v2} and {@code _rebuild_parameter} give a
 *       {@link TensorView} (storage, offset, sizes, strides); the storage comes from the caller's
 *       persistent-id resolver; {@code torch.*Storage} names are storage types;</li>
 *   <li>{@code collections.OrderedDict} gives a map;</li>
 *   <li>objects of a few known inert classes that checkpoints carry beside the weights
 *       (the training script's {@code argparse.Namespace}, its configuration object, numpy
 *       scalars) become {@link Placeholder}s: never created, their state dropped.</li>
 * </ul>
 * Values: {@code null}, {@link Boolean}, {@link Long} or {@link BigInteger}, {@link Double},
 * {@link String}, {@code byte[]}, {@link List} (lists), {@link Tuple}, {@link Map} (dicts, in
 * insertion order), {@link Set}.
 */
public final class RestrictedUnpickler {

    /** A Python tuple. */
    public record Tuple(List<Object> items) {
        public Object get(int i) {
            return items.get(i);
        }

        public int size() {
            return items.size();
        }
    }

    /** A global the pickle named and this reader knows ({@code module.name}). */
    public record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** An object of a known inert class, kept only as its class name. */
    public record Placeholder(String className) {}

    /** A storage type named by a persistent id ({@code torch.FloatStorage} → float32). */
    public record StorageType(String className, DType dtype) {}

    /**
     * A tensor as {@code _rebuild_tensor_v2} describes it.
     *
     * @param storage whatever the persistent-id resolver returned for its storage
     */
    public record TensorView(Object storage, long offset, long[] size, long[] stride) {}

    private static final Map<String, DType> STORAGES = Map.of(
            "FloatStorage", DType.F32,
            "HalfStorage", DType.F16,
            "BFloat16Storage", DType.BF16,
            "DoubleStorage", DType.F64);

    /** Storage types a checkpoint may hold beside the weights (step counters, masks): readable as names only. */
    private static final Set<String> OTHER_STORAGES = Set.of(
            "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage");

    /** Classes whose objects are kept as placeholders (never created). */
    static final Set<String> INERT = Set.of(
            "argparse.Namespace",
            "ml_collections.config_dict.config_dict.ConfigDict",
            "ml_collections.config_dict.config_dict.FrozenConfigDict",
            "ml_collections.config_dict.config_dict.FieldReference",
            "numpy.core.multiarray.scalar",
            "numpy.dtype",
            "_codecs.encode",
            "torch.device",
            "builtins.set",
            "builtins.frozenset",
            "builtins.slice",
            "pathlib.PosixPath");

    private static final Object MARK = new Object();

    private final Path file;
    private final Function<Object, Object> persistentLoad;
    private final DataInputStream in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private RestrictedUnpickler(Path file, byte[] pickle, Function<Object, Object> persistentLoad) {
        this.file = file;
        this.persistentLoad = persistentLoad;
        this.in = new DataInputStream(new ByteArrayInputStream(pickle));
    }

    /**
     * Reads one pickle.
     *
     * @param file           where it came from (for messages)
     * @param persistentLoad resolves persistent ids (torch's storage references)
     * @throws ImportException on a class outside the known set, an unsupported opcode, or a damaged pickle
     */
    public static Object load(Path file, byte[] pickle, Function<Object, Object> persistentLoad) {
        try {
            return new RestrictedUnpickler(file, pickle, persistentLoad).run();
        } catch (EOFException e) {
            throw new ImportException(file + ": the pickle ends early; the file is truncated or damaged, download it again");
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImportException ie) {
                throw ie;
            }
            throw new ImportException(file + ": unreadable pickle (" + e.getMessage() + "); the file is damaged", e);
        }
    }

    private Object run() throws IOException {
        while (true) {
            int op = in.readUnsignedByte();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = in.readUnsignedByte();
                    if (proto < 2 || proto > 5) {
                        throw fail("pickle protocol " + proto + " (this reader handles 2 to 5)");
                    }
                }
                case 0x95 -> in.readLong(); // FRAME: the frame length; frames are read as one stream
                case '.' -> { // STOP
                    return pop();
                }
                case '(' -> marks.add(stack.size());
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) le(4).getInt());
                case 'K' -> push((long) in.readUnsignedByte());
                case 'M' -> push((long) (le(2).getShort() & 0xffff));
                case 0x8a -> push(longOf(bytes(in.readUnsignedByte())));
                case 0x8b -> push(longOf(bytes(count(le(4).getInt()))));
                case 'I' -> push(intText(line()));
                case 'L' -> push(new BigInteger(stripSuffix(line(), "L")));
                case 'F' -> push(Double.parseDouble(line()));
                case 'G' -> push(in.readDouble());
                case 'X' -> push(utf8(bytes(count(le(4).getInt()))));
                case 0x8c -> push(utf8(bytes(in.readUnsignedByte())));
                case 0x8d -> push(utf8(bytes(count(le(8).getLong()))));
                case 'V' -> push(line());
                case 'T' -> push(new String(bytes(count(le(4).getInt())), StandardCharsets.ISO_8859_1));
                case 'U' -> push(new String(bytes(in.readUnsignedByte()), StandardCharsets.ISO_8859_1));
                case 'B' -> push(bytes(count(le(4).getInt())));
                case 'C' -> push(bytes(in.readUnsignedByte()));
                case 0x8e, 0x96 -> push(bytes(count(le(8).getLong())));
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popMark()));
                case 'a' -> {
                    Object v = pop();
                    list(peek()).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case ')' -> push(new Tuple(List.of()));
                case 't' -> push(new Tuple(popMark()));
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    putPairs(m, popMark());
                    push(m);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    putPair(peek(), k, v);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    putPairs(peek(), items);
                }
                case 0x8f -> push(new LinkedHashSet<>());
                case 0x90 -> {
                    List<Object> items = popMark();
                    if (peek() instanceof Set<?> set) {
                        @SuppressWarnings("unchecked")
                        Set<Object> s = (Set<Object>) set;
                        s.addAll(items);
                    } else if (!(peek() instanceof Placeholder)) {
                        throw fail("ADDITEMS on a " + describe(peek()));
                    }
                }
                case 0x91 -> push(new LinkedHashSet<>(popMark()));
                case 'g' -> push(memoGet(Long.parseLong(line())));
                case 'h' -> push(memoGet(in.readUnsignedByte()));
                case 'j' -> push(memoGet(le(4).getInt() & 0xffffffffL));
                case 'p' -> memo.put(Long.parseLong(line()), peek());
                case 'q' -> memo.put((long) in.readUnsignedByte(), peek());
                case 'r' -> memo.put(le(4).getInt() & 0xffffffffL, peek());
                case 0x94 -> memo.put((long) memo.size(), peek());
                case 'c' -> {
                    String module = line();
                    String name = line();
                    push(global(module, name));
                }
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw fail("STACK_GLOBAL with a non-string name");
                    }
                    push(global(m, n));
                }
                case 'R' -> {
                    Object args = pop();
                    Object callable = pop();
                    push(call(callable, args));
                }
                case 0x81 -> {
                    Object args = pop();
                    Object cls = pop();
                    push(instantiate(cls, args));
                }
                case 0x92 -> {
                    pop(); // kwargs
                    Object args = pop();
                    Object cls = pop();
                    push(instantiate(cls, args));
                }
                case 'b' -> {
                    Object state = pop();
                    build(peek(), state);
                }
                case 'o' -> {
                    List<Object> items = popMark();
                    if (items.isEmpty()) {
                        throw fail("OBJ without a class");
                    }
                    push(instantiate(items.get(0), new Tuple(items.subList(1, items.size()))));
                }
                case 'i' -> {
                    String module = line();
                    String name = line();
                    List<Object> items = popMark();
                    push(instantiate(global(module, name), new Tuple(items)));
                }
                case 'P' -> push(persistentLoad.apply(line()));
                case 'Q' -> push(persistentLoad.apply(pop()));
                default -> throw fail(String.format("opcode 0x%02x (%s), which state dicts do not use", op,
                        op >= 0x20 && op < 0x7f ? "'" + (char) op + "'" : "binary"));
            }
        }
    }

    /** Resolves a global, or refuses a class outside the known set. */
    private Object global(String module, String name) {
        String q = module + "." + name;
        if (module.equals("torch") && STORAGES.containsKey(name)) {
            return new StorageType(q, STORAGES.get(name));
        }
        if (module.equals("torch") && OTHER_STORAGES.contains(name)) {
            return new StorageType(q, null);
        }
        if (q.equals("torch._utils._rebuild_tensor_v2") || q.equals("torch._utils._rebuild_parameter")
                || q.equals("collections.OrderedDict") || INERT.contains(q)) {
            return new Global(module, name);
        }
        throw new ImportException(file + ": the pickle asks for class `" + q + "`, which is outside the set a"
                + " checkpoint reader needs (tensors, storages, OrderedDict, and inert objects such as argparse.Namespace);"
                + " it is not loaded. Re-save the weights alone (e.g. torch.save(ckpt['model'], path) or as safetensors)");
    }

    private Object call(Object callable, Object args) {
        if (!(callable instanceof Global g)) {
            throw fail("REDUCE on " + describe(callable));
        }
        Tuple a = args instanceof Tuple t ? t : new Tuple(List.of());
        return switch (g.qualified()) {
            case "torch._utils._rebuild_tensor_v2" -> tensor(a);
            case "torch._utils._rebuild_parameter" -> a.get(0);
            case "collections.OrderedDict" -> new LinkedHashMap<>();
            default -> new Placeholder(g.qualified());
        };
    }

    private Object instantiate(Object cls, Object args) {
        if (cls instanceof Global g && g.qualified().equals("collections.OrderedDict")) {
            return new LinkedHashMap<>();
        }
        if (cls instanceof Global g && INERT.contains(g.qualified())) {
            return new Placeholder(g.qualified());
        }
        throw fail("NEWOBJ on " + describe(cls));
    }

    private void build(Object target, Object state) {
        if (target instanceof Placeholder) {
            return;
        }
        if (target instanceof TensorView || target instanceof Map<?, ?>) {
            // attributes, not items: a state dict's OrderedDict carries `_metadata` (module versions)
            // this way, a parameter its flags; neither is a weight
            return;
        }
        throw fail("BUILD on " + describe(target));
    }

    private TensorView tensor(Tuple a) {
        if (a.size() < 4) {
            throw fail("_rebuild_tensor_v2 with " + a.size() + " arguments");
        }
        return new TensorView(a.get(0), number(a.get(1)), longs(a.get(2)), longs(a.get(3)));
    }

    private long[] longs(Object o) {
        if (!(o instanceof Tuple t)) {
            throw fail("tensor sizes are a " + describe(o));
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(t.get(i));
        }
        return out;
    }

    private long number(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        throw fail("expected an integer, got " + describe(o));
    }

    private void putPairs(Object target, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw fail("odd number of dict items");
        }
        for (int i = 0; i < items.size(); i += 2) {
            putPair(target, items.get(i), items.get(i + 1));
        }
    }

    private void putPair(Object target, Object k, Object v) {
        if (target instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> map = (Map<Object, Object>) m;
            map.put(k, v);
        } else if (!(target instanceof Placeholder)) {
            throw fail("SETITEM on a " + describe(target));
        }
    }

    private List<Object> list(Object o) {
        if (o instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            return list;
        }
        if (o instanceof Placeholder) {
            return new ArrayList<>();
        }
        throw fail("APPEND to a " + describe(o));
    }

    private Tuple tuple(int n) {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(0, pop());
        }
        return new Tuple(items);
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw fail("memo entry " + index + " read before it was written");
        }
        return memo.get(index);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size())) {
            throw fail("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty()) {
            throw fail("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw fail("no mark on the stack");
        }
        int at = marks.remove(marks.size() - 1);
        List<Object> top = new ArrayList<>(stack.subList(at, stack.size()));
        stack.subList(at, stack.size()).clear();
        return top;
    }

    private ByteBuffer le(int n) throws IOException {
        return ByteBuffer.wrap(bytes(n)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private byte[] bytes(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private int count(long n) {
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw fail("a length of " + n);
        }
        return (int) n;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.readUnsignedByte()) != '\n'; ) {
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static Object intText(String s) {
        return switch (s) {
            case "00" -> Boolean.FALSE;
            case "01" -> Boolean.TRUE;
            default -> Long.parseLong(s);
        };
    }

    private static String stripSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    /** Two's-complement little-endian integer of any length, as Long when it fits. */
    private static Object longOf(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String describe(Object o) {
        return o == null ? "None" : o instanceof Global g ? g.qualified() : o.getClass().getSimpleName();
    }

    private ImportException fail(String what) {
        return new ImportException(file + ": unsupported pickle content: " + what
                + "; the file is damaged or not a PyTorch checkpoint");
    }
}
