package org.audiomaepp.harness.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.audiomaepp.harness.BadInputException;

/**
 * The audio files of a corpus, in a fixed order: a directory scanned recursively for
 * {@code .wav} and {@code .flac} files (sorted by relative path; symbolic links to files and
 * directories are followed, as corpora are often assembled from links), or a list file with one path
 * per line (relative paths are resolved against the list file's directory; blank lines and lines
 * starting with {@code #} are skipped), in the list's order.
 *
 * @param root the directory names are given relative to
 * @param files the audio files, absolute and normalized
 */
public record CorpusFiles(Path root, List<Path> files) {

    /** Lists {@code dirOrList}; an empty corpus or a missing listed file is a {@link BadInputException}. */
    public static CorpusFiles of(Path dirOrList) throws IOException {
        Path source = dirOrList.toAbsolutePath().normalize();
        CorpusFiles corpus;
        if (Files.isDirectory(source)) {
            corpus = new CorpusFiles(source, scan(source));
        } else if (Files.isRegularFile(source)) {
            corpus = new CorpusFiles(source.getParent(), readList(source));
        } else {
            throw new BadInputException(dirOrList + ": no such corpus directory or list file");
        }
        if (corpus.files().isEmpty()) {
            throw new BadInputException(dirOrList + ": the corpus holds no .wav or .flac file; "
                    + "give a directory of audio files or a list file with one path per line");
        }
        return corpus;
    }

    /** A file's name in the index: relative to {@link #root} when under it, else absolute. */
    public String nameOf(Path file) {
        return file.startsWith(root) ? root.relativize(file).toString().replace('\\', '/') : file.toString();
    }

    private static List<Path> scan(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(Files::isRegularFile)
                    .filter(CorpusFiles::isAudio)
                    .map(p -> p.toAbsolutePath().normalize())
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString()))
                    .toList();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileSystemLoopException loop) {
                throw new BadInputException(dir + ": the corpus directory links back into itself at " + loop.getFile()
                        + "; remove that link or give a list file");
            }
            throw e;
        }
    }

    private static boolean isAudio(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".wav") || name.endsWith(".flac");
    }

    private static List<Path> readList(Path list) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Path file = list.getParent().resolve(line).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(list + ", line " + (i + 1) + ": no such audio file " + file
                        + "; fix the path or remove the line");
            }
            files.add(file);
        }
        return files;
    }
}
