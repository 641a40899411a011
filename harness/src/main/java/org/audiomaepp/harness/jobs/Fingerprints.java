package org.audiomaepp.harness.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fingerprints of the data a job reads, so that a job's key changes when its data does, while the
 * place the data lives does not enter the key (the same task directory on another machine gives
 * the same key). Symbolic links are followed: data reached through a link has the fingerprint of
 * the data it links to.
 *
 * <p>A fingerprint is a map {@code {name, present, fingerprint}}. Data that is not on disk gets
 * {@code present: false} and the fingerprint {@value #NOT_PRESENT}: keys computed from it are
 * provisional.
 */
public final class Fingerprints {

    /** The fingerprint of data that is not on disk. */
    public static final String NOT_PRESENT = "data not present";

    private Fingerprints() {}

    /**
     * A HEAR task directory: its name, plus the bytes of {@code task_metadata.json},
     * {@code labelvocabulary.csv} and the split JSON files, plus the list of audio files with their
     * sizes (audio bytes are not read: the list is enough to notice a re-generated task and cheap on
     * tasks of many gigabytes).
     */
    public static Map<String, Object> task(Path dir) {
        String name = dir.getFileName().toString();
        if (!Files.isRegularFile(dir.resolve("task_metadata.json"))) {
            return missing(name);
        }
        MessageDigest md = sha256();
        try {
            try (Stream<Path> top = Files.list(dir)) {
                for (Path p : top.filter(Files::isRegularFile).sorted().toList()) {
                    String file = p.getFileName().toString();
                    if (file.endsWith(".json") || file.equals("labelvocabulary.csv")) {
                        update(md, "file\t" + file + "\t" + hashFile(p) + "\n");
                    }
                }
            }
            for (String line : fileList(dir)) {
                update(md, line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read task directory " + dir, e);
        }
        return present(name, md);
    }

    /**
     * Corpora up to this many bytes are fingerprinted by content; larger ones by their listing.
     * Hashing 2 GiB takes a few seconds, a price paid on every {@code plan} and {@code run}.
     */
    public static final long CONTENT_HASH_LIMIT = 2L << 30;

    /**
     * A pretraining corpus: a list file (its content), or a directory. A directory of at most
     * {@link #CONTENT_HASH_LIMIT} bytes is fingerprinted by content (sorted relative paths, sizes and
     * the SHA-256 of every file), so regenerating identical data (the synthetic corpus) keeps every
     * key; a larger one by its sorted listing of paths, sizes and modification times, which is cheap
     * on corpora of many gigabytes but changes when files are rewritten, even unchanged.
     */
    public static Map<String, Object> corpus(Path path) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        try {
            if (Files.isRegularFile(path)) {
                MessageDigest md = sha256();
                update(md, "list\t" + hashFile(path) + "\n");
                return present(name, md);
            }
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> all = Files.walk(path, FileVisitOption.FOLLOW_LINKS)) {
                    files = all.filter(Files::isRegularFile).sorted().toList();
                }
                long total = 0;
                for (Path p : files) {
                    total += Files.size(p);
                }
                boolean byContent = total <= CONTENT_HASH_LIMIT;
                MessageDigest md = sha256();
                update(md, byContent ? "content\n" : "listing\n");
                for (Path p : files) {
                    String line = "entry\t" + path.relativize(p).toString().replace('\\', '/') + "\t" + Files.size(p)
                            + "\t" + (byContent ? hashFile(p) : Long.toString(Files.getLastModifiedTime(p).toMillis()));
                    update(md, line + "\n");
                }
                return present(name, md);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus " + path, e);
        }
        return missing(name);
    }

    /**
     * A checkpoint a run starts from ({@code pretrain.from}): the SHA-256 of the file's bytes. The
     * name is fixed ({@code checkpoint}), so the same weights under another name or path give the
     * same key.
     */
    public static Map<String, Object> checkpoint(Path file) {
        if (!Files.isRegularFile(file)) {
            return missing("checkpoint");
        }
        try {
            Map<String, Object> fp = new LinkedHashMap<>();
            fp.put("name", "checkpoint");
            fp.put("present", true);
            fp.put("fingerprint", hashFile(file));
            return fp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    /** True if {@code data} (a fingerprint, or a map or list of them) has any that is not present. */
    static boolean anyMissing(Object data) {
        if (data instanceof Map<?, ?> m) {
            if (Boolean.FALSE.equals(m.get("present"))) {
                return true;
            }
            return m.values().stream().anyMatch(Fingerprints::anyMissing);
        }
        if (data instanceof List<?> l) {
            return l.stream().anyMatch(Fingerprints::anyMissing);
        }
        return false;
    }

    /** Files in sub-directories of {@code root}, as sorted "path size" lines. */
    private static List<String> fileList(Path root) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                Path rel = root.relativize(p);
                if (rel.getNameCount() == 1) {
                    continue;
                }
                lines.add("entry\t" + rel.toString().replace('\\', '/') + "\t" + Files.size(p) + "\n");
            }
        }
        return lines;
    }

    private static Map<String, Object> present(String name, MessageDigest md) {
        Map<String, Object> fp = new LinkedHashMap<>();
        fp.put("name", name);
        fp.put("present", true);
        fp.put("fingerprint", HexFormat.of().formatHex(md.digest()));
        return fp;
    }

    private static Map<String, Object> missing(String name) {
        Map<String, Object> fp = new LinkedHashMap<>();
        fp.put("name", name);
        fp.put("present", false);
        fp.put("fingerprint", NOT_PRESENT);
        return fp;
    }

    private static String hashFile(Path p) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
