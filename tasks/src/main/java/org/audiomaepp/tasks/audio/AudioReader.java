package org.audiomaepp.tasks.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.audiomaepp.tasks.BadInputException;

/**
 * Reads WAV and FLAC files as mono float clips: the single entry point for audio in the project.
 *
 * <p>The container is recognised from the file's first bytes, not its name. Supported:
 * <ul>
 *   <li>WAV (RIFF): integer PCM of 8 (unsigned), 16, 24 or 32 bits, also with a bit depth below its
 *       byte container (e.g. 12 bits in 2 bytes, samples left-justified as the format requires);
 *       IEEE float of 32 or 64 bits; {@code WAVE_FORMAT_EXTENSIBLE} wrapping either; chunks in any
 *       order, unknown chunks ({@code LIST}, {@code fact}, ...) skipped, odd chunk sizes padded.</li>
 *   <li>FLAC of up to 24 bits per sample (8, 12, 16, 20 and 24 are tested), decoded by jflac, every
 *       frame CRC-checked. jflac cannot decode 32-bit FLAC, so deeper streams are rejected.</li>
 * </ul>
 * Integer samples are scaled by 2<sup>bits-1</sup> (8-bit: {@code (u - 128) / 128}), the convention
 * of torchaudio and soundfile, so 16-bit audio maps to [-1, 1). Channels are averaged to mono.
 *
 * <p>Anything else is a {@link BadInputException} whose message names the file, says what is wrong
 * and how to fix it: a missing, empty or non-audio file, an unsupported encoding (A-law, mu-law,
 * ADPCM, RF64, big-endian RIFX, Ogg, MP3, FLAC above 24 bits), no samples, float samples that are
 * NaN or infinite, a corrupt FLAC frame, or a truncated file. A file whose {@code data} chunk (or
 * FLAC stream) declares more samples than the file holds is rejected rather than read partially:
 * a truncated download must not silently become a shorter clip. A partial trailing sample frame
 * in a WAV {@code data} chunk (fewer bytes than one frame) is ignored.
 */
public final class AudioReader {

    /** The sample rate every model input uses. */
    public static final int MODEL_RATE = 16_000;

    private AudioReader() {}

    /**
     * The file's sample rate, channels, length and encoding from its header alone (for FLAC files
     * that do not state their length, the stream is decoded to count it). Cheap enough to call on
     * thousands of files.
     */
    public static AudioInfo info(Path file) {
        return switch (sniff(file)) {
            case WAV -> WavFile.info(file);
            case FLAC -> FlacFile.info(file);
        };
    }

    /** All samples at the file's own rate, channels averaged. */
    public static Audio readMono(Path file) {
        return switch (sniff(file)) {
            case WAV -> WavFile.readMono(file);
            case FLAC -> FlacFile.readMono(file);
        };
    }

    /** All samples at {@value #MODEL_RATE} Hz, channels averaged, resampled by {@link Resampler} if needed. */
    public static float[] readMono16k(Path file) {
        Audio audio = readMono(file);
        return Resampler.resample(audio.samples(), audio.sampleRate(), MODEL_RATE);
    }

    private enum Container { WAV, FLAC }

    private static Container sniff(Path file) {
        byte[] head = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such audio file; check the path");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (n == 0) {
            throw new BadInputException(file + ": is empty (0 bytes); re-create or re-download it");
        }
        String tag = n >= 4 ? new String(head, 0, 4, StandardCharsets.ISO_8859_1) : "";
        String form = n >= 12 ? new String(head, 8, 4, StandardCharsets.ISO_8859_1) : "";
        if (tag.equals("RIFF") && form.equals("WAVE")) {
            return Container.WAV;
        }
        if (tag.equals("fLaC") || (tag.startsWith("ID3") && FlacFile.startsAfterId3(file))) {
            return Container.FLAC;
        }
        throw new BadInputException(file + ": " + whatItIs(head, n, tag, form) + CONVERT_HINT);
    }

    static final String CONVERT_HINT =
            "; convert it to 16-bit PCM WAV or FLAC, e.g. ffmpeg -i IN -c:a pcm_s16le OUT.wav";

    private static String whatItIs(byte[] head, int n, String tag, String form) {
        if (n < 12 && (tag.startsWith("RI") || tag.startsWith("fL"))) {
            return "is only " + n + " bytes long, too short for an audio header (truncated?)";
        }
        if ((tag.equals("RF64") || tag.equals("BW64")) && form.equals("WAVE")) {
            return "is an RF64/BW64 WAV (64-bit sizes), which is not supported";
        }
        if (tag.equals("RIFX")) {
            return "is a big-endian (RIFX) WAV, which is not supported";
        }
        if (tag.equals("RIFF")) {
            return "is a RIFF file of type '" + form + "', not WAVE";
        }
        if (tag.equals("OggS")) {
            return "is an Ogg file; only WAV and FLAC are read";
        }
        if (tag.startsWith("ID3") || (n >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xe0) == 0xe0)) {
            return "looks like MP3; only WAV and FLAC are read";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++) {
            hex.append(String.format("%02x", head[i] & 0xff));
        }
        return "is not a WAV or FLAC file (it starts with bytes " + hex + ")";
    }
}
