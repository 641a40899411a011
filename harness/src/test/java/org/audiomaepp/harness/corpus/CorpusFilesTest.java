package org.audiomaepp.harness.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audiomaepp.harness.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusFilesTest {

    @TempDir
    Path tmp;

    private Path touch(String name) throws IOException {
        Path f = tmp.resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[1]);
        return f;
    }

    @Test
    void aDirectoryIsScannedRecursivelyForAudioInSortedOrder() throws IOException {
        touch("b/2.wav");
        touch("a.FLAC");
        touch("b/1.wav");
        touch("notes.txt");
        touch("a/z/9.wav");
        CorpusFiles c = CorpusFiles.of(tmp);
        assertEquals(List.of("a.FLAC", "a/z/9.wav", "b/1.wav", "b/2.wav"), c.files().stream().map(c::nameOf).toList());
    }

    @Test
    void aListFileKeepsItsOrderAndResolvesRelativePaths() throws IOException {
        Path x = touch("audio/x.wav");
        touch("audio/y.flac");
        Path list = tmp.resolve("lists/corpus.txt");
        Files.createDirectories(list.getParent());
        Files.writeString(list, "# pretraining clips\n../audio/y.flac\n\n" + x + "\n");
        CorpusFiles c = CorpusFiles.of(list);
        assertEquals(List.of(tmp.resolve("audio/y.flac"), x), c.files());
    }

    @Test
    void aMissingListedFileNamesTheListAndLine() throws IOException {
        Path list = tmp.resolve("corpus.txt");
        touch("x.wav");
        Files.writeString(list, "x.wav\nmissing.wav\n");
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusFiles.of(list));
        assertTrue(e.getMessage().contains(list + ", line 2"), e.getMessage());
    }

    @Test
    void anEmptyCorpusIsAnError() throws IOException {
        touch("readme.md");
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusFiles.of(tmp));
        assertTrue(e.getMessage().contains("no .wav or .flac"), e.getMessage());
        assertThrows(BadInputException.class, () -> CorpusFiles.of(tmp.resolve("nowhere")));
    }

    @Test
    void linkedDirectoriesAndFilesAreFollowed() throws IOException {
        touch("elsewhere/part1/1.wav");
        touch("elsewhere/part2/2.wav");
        Path corpus = Files.createDirectories(tmp.resolve("corpus"));
        Files.createSymbolicLink(corpus.resolve("a"), tmp.resolve("elsewhere/part1"));
        Files.createSymbolicLink(corpus.resolve("b.wav"), tmp.resolve("elsewhere/part2/2.wav"));
        CorpusFiles c = CorpusFiles.of(corpus);
        assertEquals(List.of("a/1.wav", "b.wav"), c.files().stream().map(c::nameOf).toList());
    }

    @Test
    void aLinkBackIntoTheCorpusIsAnErrorNamingIt() throws IOException {
        touch("corpus/sub/1.wav");
        Files.createSymbolicLink(tmp.resolve("corpus/sub/again"), tmp.resolve("corpus"));
        BadInputException e = assertThrows(BadInputException.class, () -> CorpusFiles.of(tmp.resolve("corpus")));
        assertTrue(e.getMessage().contains("links back into itself at " + tmp.resolve("corpus/sub/again")), e.getMessage());
    }
}
