package org.audiomaepp.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every citation of the design in the project ({@code docs/model.md §3.4}, {@code protocol.md §4–5},
 * {@code architecture.md §7}, lists such as {@code §3–5, §8}) names a document of {@code docs/} and a
 * numbered heading that it has. Sources of every module (main and test), the READMEs, the sweep files
 * and the docs themselves are scanned.
 */
class DocsReferencesTest {

    /** The section sign, written as an escape so that this file's own examples are not citations. */
    private static final String S = "\u00a7";

    @Test
    void everyCitationInTheRepositoryNamesASectionThatExists() {
        Path root = DocReferences.repositoryRoot(Path.of("").toAbsolutePath());
        DocReferences.Scan scan = DocReferences.scan(root);

        assertEquals(List.of(), scan.problems(), "citations of docs/ that lead nowhere");
        // A scan that finds nothing passes vacuously: the code cites the design in dozens of places.
        assertTrue(scan.citations() >= 60, "only " + scan.citations() + " citations found under " + root);
        assertEquals(Set.of("model", "protocol", "architecture"), scan.documentsCited(),
                "every document of docs/ is cited from the code");
    }

    @Test
    void aMissingSectionOrDocumentIsNamedWithFileAndLine(@TempDir Path root) throws IOException {
        write(root.resolve("docs/model.md"), "# Model", "", "## " + S + "1 Features", "### " + S + "1.2 Mel", "## "
                + S + "2 Tokens");
        write(root.resolve("models/src/main/java/A.java"),
                "/** Mel bins (docs/model.md " + S + "1.2). */",
                "/** Log (docs/model.md " + S + "1.3), tokens (model.md " + S + "2). */",
                "// blocks: model.md " + S + "4",
                "/** Splits ({@code docs/protocol.md} " + S + "3). */",
                "/** Old place (spec/model.md " + S + "1). */");
        write(root.resolve("sweeps/x.yaml"), "# recipe (docs/architecture.md " + S + "8)");

        DocReferences.Scan scan = DocReferences.scan(root);

        assertEquals(List.of(
                "models/src/main/java/A.java:2: docs/model.md has no section " + S + "1.3",
                "models/src/main/java/A.java:3: docs/model.md has no section " + S + "4",
                "models/src/main/java/A.java:4: docs/protocol.md does not exist",
                "models/src/main/java/A.java:5: cites spec/model.md; the design is docs/model.md",
                "sweeps/x.yaml:1: docs/architecture.md does not exist"), scan.problems());
        assertEquals(7, scan.citations());
    }

    @Test
    void rangesAndListsCheckEverySectionTheyName(@TempDir Path root) throws IOException {
        write(root.resolve("docs/protocol.md"), "## " + S + "1 A", "## " + S + "3 C", "## " + S + "4 D",
                "### " + S + "4.1 D1", "### " + S + "4.3 D3", "## " + S + "8 H");
        write(root.resolve("README.md"),
                "probe (protocol " + S + "3–4, " + S + "8)",
                "tasks (docs/protocol.md " + S + "1-3)",
                "network (docs/protocol.md " + S + "4.1–4.3)",
                "the " + S + "7 note is not a citation");

        DocReferences.Scan scan = DocReferences.scan(root);

        assertEquals(List.of(
                "README.md:2: docs/protocol.md has no section " + S + "2",
                "README.md:3: docs/protocol.md has no section " + S + "4.2"), scan.problems());
    }

    @Test
    void aDocumentWithTwoHeadingsOfOneNumberIsAProblem(@TempDir Path root) throws IOException {
        write(root.resolve("docs/model.md"), "## " + S + "1 A", "## " + S + "2 B", "## " + S + "2 C");

        assertEquals(List.of("docs/model.md:3: section " + S + "2 is numbered twice"),
                DocReferences.scan(root).problems());
    }

    @Test
    void theRootIsFoundFromTheRootAndFromAModuleDirectory(@TempDir Path root) throws IOException {
        for (String module : List.of("models", "tasks", "harness")) {
            write(root.resolve(module).resolve("pom.xml"), "<project/>");
        }
        write(root.resolve("pom.xml"), "<project/>");

        assertEquals(root, DocReferences.repositoryRoot(root));
        assertEquals(root, DocReferences.repositoryRoot(root.resolve("harness")));
        assertEquals(root, DocReferences.repositoryRoot(root.resolve("harness/target/surefire")));
    }

    private static void write(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** Finds citations of the design documents and checks them against the documents' headings. */
    static final class DocReferences {
        private static final List<String> DOCUMENTS = List.of("model", "protocol", "architecture");
        private static final Set<String> SCANNED = Set.of("java", "md", "yaml", "yml", "ftl", "ftlh", "properties");
        private static final Set<String> SKIPPED_DIRS = Set.of("target", "results", "node_modules");

        private static final String NUMBER = "\\d+(?:\\.\\d+)?";
        private static final String RANGE = "§" + NUMBER + "(?:\\s*[-–]\\s*§?" + NUMBER + ")?";
        /**
         * {@code [path/](model|protocol|architecture)[.md][}] §A[–B][, §C[–D]]…}. The bare form
         * ({@code protocol §7}) counts too; a path other than {@code docs/} is a stale citation.
         */
        private static final Pattern CITATION = Pattern.compile(
                "(?<![\\w/.-])(?<path>(?:[\\w.-]+/)+)?(?<doc>model|protocol|architecture)(?<md>\\.md)?\\}?\\s+"
                        + "(?<sections>" + RANGE + "(?:\\s*,\\s*" + RANGE + ")*)");
        private static final Pattern ONE_RANGE = Pattern.compile("§(" + NUMBER + ")(?:\\s*[-–]\\s*§?(" + NUMBER + "))?");
        private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+§(\\d+(?:\\.\\d+)*)\\s");

        /** What a scan found: problems as {@code file:line: message}, and what was cited. */
        record Scan(List<String> problems, int citations, Set<String> documentsCited) {}

        private DocReferences() {}

        /**
         * The repository root: the nearest directory at or above {@code start} holding the parent
         * {@code pom.xml} beside the three modules (tests run with a module directory as their
         * working directory, a plain run from the root).
         */
        static Path repositoryRoot(Path start) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("pom.xml"))
                        && Files.isRegularFile(dir.resolve("models/pom.xml"))
                        && Files.isRegularFile(dir.resolve("tasks/pom.xml"))
                        && Files.isRegularFile(dir.resolve("harness/pom.xml"))) {
                    return dir;
                }
            }
            throw new AssertionError("no repository root (pom.xml beside models/, tasks/, harness/) at or above "
                    + start.toAbsolutePath());
        }

        static Scan scan(Path root) {
            List<String> problems = new ArrayList<>();
            Map<String, Set<String>> sections = new HashMap<>();
            for (String doc : DOCUMENTS) {
                Path file = root.resolve("docs").resolve(doc + ".md");
                if (Files.isRegularFile(file)) {
                    sections.put(doc, headings(root, file, problems));
                }
            }
            int citations = 0;
            Set<String> cited = new LinkedHashSet<>();
            for (Path file : scannedFiles(root)) {
                String name = root.relativize(file).toString().replace('\\', '/');
                List<String> lines = lines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = CITATION.matcher(lines.get(i));
                    while (m.find()) {
                        citations++;
                        String doc = m.group("doc");
                        cited.add(doc);
                        String where = name + ":" + (i + 1) + ": ";
                        String path = m.group("path");
                        if (path != null && !path.equals("docs/")) {
                            problems.add(where + "cites " + path + doc + ".md; the design is docs/" + doc + ".md");
                            continue;
                        }
                        Set<String> known = sections.get(doc);
                        if (known == null) {
                            problems.add(where + "docs/" + doc + ".md does not exist");
                            continue;
                        }
                        for (String section : cited(m.group("sections"))) {
                            if (!known.contains(section)) {
                                problems.add(where + "docs/" + doc + ".md has no section §" + section);
                            }
                        }
                    }
                }
            }
            return new Scan(problems, citations, cited);
        }

        /** The sections a citation names: both ends of a range and, between ends of one level, every number. */
        static List<String> cited(String sections) {
            List<String> out = new ArrayList<>();
            Matcher m = ONE_RANGE.matcher(sections);
            while (m.find()) {
                String from = m.group(1);
                String to = m.group(2);
                if (to == null) {
                    out.add(from);
                    continue;
                }
                int[] a = parts(from);
                int[] b = parts(to);
                boolean sameParent = a.length == b.length && Arrays.equals(a, 0, a.length - 1, b, 0, b.length - 1);
                if (sameParent && a[a.length - 1] <= b[b.length - 1]) {
                    String parent = a.length == 1 ? "" : from.substring(0, from.lastIndexOf('.') + 1);
                    for (int k = a[a.length - 1]; k <= b[b.length - 1]; k++) {
                        out.add(parent + k);
                    }
                } else {
                    out.add(from);
                    out.add(to);
                }
            }
            return out;
        }

        private static int[] parts(String number) {
            return Arrays.stream(number.split("\\.")).mapToInt(Integer::parseInt).toArray();
        }

        private static Set<String> headings(Path root, Path doc, List<String> problems) {
            Map<String, Integer> seen = new TreeMap<>();
            List<String> lines = lines(doc);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                Matcher m = fenced ? null : HEADING.matcher(line);
                if (m != null && m.find() && seen.putIfAbsent(m.group(1), i + 1) != null) {
                    problems.add(root.relativize(doc).toString().replace('\\', '/') + ":" + (i + 1) + ": section §"
                            + m.group(1) + " is numbered twice");
                }
            }
            return seen.keySet();
        }

        private static List<Path> scannedFiles(Path root) {
            try (Stream<Path> walk = Files.walk(root)) {
                return walk
                        .filter(p -> !skipped(root, p))
                        .filter(Files::isRegularFile)
                        .filter(p -> SCANNED.contains(extension(p)))
                        .sorted()
                        .collect(Collectors.toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean skipped(Path root, Path p) {
            for (Path part : root.relativize(p)) {
                String s = part.toString();
                if (s.startsWith(".") || SKIPPED_DIRS.contains(s)) {
                    return true;
                }
            }
            return false;
        }

        private static String extension(Path p) {
            String name = p.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot < 0 ? "" : name.substring(dot + 1);
        }

        private static List<String> lines(Path file) {
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }
    }
}
