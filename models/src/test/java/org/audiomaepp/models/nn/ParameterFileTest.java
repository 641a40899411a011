package org.audiomaepp.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.audiomaepp.models.BadConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterFileTest {
    @TempDir
    Path dir;

    private Path writeSample(NDManager m) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        arrays.put("a.weight", m.arange(0f, 6f).reshape(2, 3));
        arrays.put("b", m.create(new float[] {-1.5f}, new Shape(1)));
        Path file = dir.resolve("p.bin");
        ParameterFile.writeArrays(file, "{\"x\":1}", arrays);
        return file;
    }

    @Test
    void theFileFollowsTheUmaskLikeAnyOtherFile() throws IOException {
        // A temporary file made by Files.createTempFile is 0600: a group sharing the store could not read it.
        Path plain = Files.createFile(dir.resolve("plain"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getPosixFilePermissions(plain)
                .contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ), "a umask that lets the group read");
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(writeSample(m)));
        }
    }

    @Test
    void roundTripKeepsNamesShapesValuesAndMetadata() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterFile.Contents c = ParameterFile.read(writeSample(m));
            assertEquals("{\"x\":1}", c.metadata());
            assertEquals(java.util.List.of("a.weight", "b"), java.util.List.copyOf(c.tensors().keySet()));
            assertArrayEquals(new long[] {2, 3}, c.tensors().get("a.weight").shape());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, c.tensors().get("a.weight").values(), 0f);
            assertArrayEquals(new float[] {-1.5f}, c.tensors().get("b").values(), 0f);
        }
    }

    @Test
    void aFlippedByteIsRefused() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path file = writeSample(m);
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 12] ^= 0x10;
            Files.write(file, bytes);
            BadConfigException e = assertThrows(BadConfigException.class, () -> ParameterFile.read(file));
            assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
        }
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path file = writeSample(m);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, bytes.length - 20));
            BadConfigException e = assertThrows(BadConfigException.class, () -> ParameterFile.read(file));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void otherFilesAndMissingFilesAreRefused() throws IOException {
        Path other = dir.resolve("other.bin");
        Files.writeString(other, "definitely not tensors");
        assertTrue(assertThrows(BadConfigException.class, () -> ParameterFile.read(other)).getMessage()
                .contains("not a parameter file"));
        assertTrue(assertThrows(BadConfigException.class, () -> ParameterFile.read(dir.resolve("none.bin")))
                .getMessage().contains("does not exist"));
    }
}
