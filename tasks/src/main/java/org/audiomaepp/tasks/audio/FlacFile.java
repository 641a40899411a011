package org.audiomaepp.tasks.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.audiomaepp.tasks.BadInputException;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;

/**
 * FLAC reading behind {@link AudioReader}: the header is parsed here (fast, no decoder), the
 * frames are decoded by jflac.
 */
final class FlacFile {

    /** jflac keeps samples in Java ints and its 32-bit arithmetic is not exact beyond 24 bits. */
    private static final int MAX_BITS = 24;
    private static final int STREAMINFO_BYTES = 34;

    /** STREAMINFO fields; {@code frames} is 0 when the encoder did not know the length. */
    private record StreamHeader(int sampleRate, int channels, int bits, long frames) {}

    private FlacFile() {}

    static AudioInfo info(Path file) {
        StreamHeader h = header(file);
        long frames = h.frames() > 0 ? h.frames() : readMono(file).samples().length;
        return new AudioInfo(h.sampleRate(), h.channels(), frames, "flac:s" + h.bits());
    }

    static Audio readMono(Path file) {
        StreamHeader h = header(file);
        if (h.frames() > Integer.MAX_VALUE - 8) {
            throw new BadInputException(file + ": holds " + h.frames()
                    + " samples per channel, more than one array can hold; split it into shorter files");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            FLACDecoder decoder = new FLACDecoder(in);
            ErrorLog errors = new ErrorLog();
            decoder.addFrameListener(errors);
            decoder.readMetadata();
            StreamInfo info = decoder.getStreamInfo();
            double scale = 1.0 / (1L << (info.getBitsPerSample() - 1));
            float[] out = new float[(int) Math.max(h.frames(), 1 << 16)];
            int n = 0;
            Frame frame;
            while ((frame = decoder.readNextFrame()) != null) {
                int block = frame.header.blockSize;
                int channels = frame.header.channels;
                ChannelData[] data = decoder.getChannelData();
                if (n + block > out.length) {
                    if (h.frames() > 0) {
                        throw bad(file, "it holds more samples than the " + h.frames() + " its header declares");
                    }
                    out = Arrays.copyOf(out, Math.max(out.length * 2, n + block));
                }
                for (int i = 0; i < block; i++) {
                    long sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += data[c].getOutput()[i];
                    }
                    out[n + i] = (float) (sum * scale / channels);
                }
                if (errors.first != null) {
                    throw bad(file, "a frame is damaged (" + errors.first + "); the file is corrupt");
                }
                n += block;
                if (h.frames() > 0 && n == h.frames()) {
                    break;
                }
            }
            if (decoder.getBadFrames() > 0) {
                throw bad(file, decoder.getBadFrames() + " frame(s) could not be decoded (corrupt file)");
            }
            if (h.frames() > 0 && n < h.frames()) {
                throw bad(file, "its header declares " + h.frames() + " samples per channel but only " + n
                        + " could be decoded (truncated file)");
            }
            if (n == 0) {
                throw bad(file, "it holds no audio samples");
            }
            return new Audio(n == out.length ? out : Arrays.copyOf(out, n), h.sampleRate());
        } catch (IOException e) {
            throw bad(file, "decoding failed (" + e.getMessage() + "); the file is truncated or corrupt");
        } catch (RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw bad(file, "decoding failed (" + e + "); the file is corrupt");
        }
    }

    /**
     * Keeps the first decoding error jflac reports. It reports a failed frame checksum only here
     * (zeroing the frame's samples), so without it a corrupt frame would decode as silence. Lost
     * sync is not kept: it shows up as missing samples or a bad frame instead.
     */
    private static final class ErrorLog implements FrameListener {
        String first;

        @Override
        public void processMetadata(Metadata metadata) {}

        @Override
        public void processFrame(Frame frame) {}

        @Override
        public void processError(String msg) {
            if (first == null && !msg.contains("LOST_SYNC")) {
                first = msg;
            }
        }
    }

    /** True when an ID3v2 tag at the start of the file is followed by the FLAC marker. */
    static boolean startsAfterId3(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return skipId3AndMarker(in);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean skipId3AndMarker(InputStream in) throws IOException {
        byte[] marker = in.readNBytes(4);
        if (marker.length == 4 && marker[0] == 'I' && marker[1] == 'D' && marker[2] == '3') {
            byte[] rest = in.readNBytes(6);
            if (rest.length < 6) {
                return false;
            }
            long tagBytes = 0;
            for (int i = 2; i < 6; i++) {
                tagBytes = (tagBytes << 7) | (rest[i] & 0x7f);
            }
            // "ID3", then major version, minor version, flags and a 28-bit size in 7-bit bytes
            in.skipNBytes(tagBytes);
            marker = in.readNBytes(4);
        }
        return marker.length == 4 && marker[0] == 'f' && marker[1] == 'L' && marker[2] == 'a' && marker[3] == 'C';
    }

    private static StreamHeader header(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            if (!skipId3AndMarker(in)) {
                throw bad(file, "it does not start with the 'fLaC' marker");
            }
            byte[] blockHeader = in.readNBytes(4);
            byte[] s = in.readNBytes(STREAMINFO_BYTES);
            if (blockHeader.length < 4 || s.length < STREAMINFO_BYTES) {
                throw bad(file, "the file ends inside its STREAMINFO header (truncated)");
            }
            int type = blockHeader[0] & 0x7f;
            int length = (blockHeader[1] & 0xff) << 16 | (blockHeader[2] & 0xff) << 8 | (blockHeader[3] & 0xff);
            if (type != 0 || length != STREAMINFO_BYTES) {
                throw bad(file, "its first metadata block is not a STREAMINFO block");
            }
            int sampleRate = (s[10] & 0xff) << 12 | (s[11] & 0xff) << 4 | (s[12] & 0xff) >> 4;
            int channels = ((s[12] & 0xff) >> 1 & 0x7) + 1;
            int bits = ((s[12] & 0x1) << 4 | (s[13] & 0xff) >> 4) + 1;
            long frames = (long) (s[13] & 0x0f) << 32
                    | (long) (s[14] & 0xff) << 24 | (s[15] & 0xff) << 16 | (s[16] & 0xff) << 8 | (s[17] & 0xff);
            if (sampleRate == 0) {
                throw bad(file, "its STREAMINFO says a sample rate of 0 Hz");
            }
            if (bits > MAX_BITS) {
                throw new BadInputException(file + ": unsupported FLAC encoding: " + bits
                        + "-bit samples (the decoder handles up to " + MAX_BITS + " bits)" + AudioReader.CONVERT_HINT);
            }
            return new StreamHeader(sampleRate, channels, bits, frames);
        } catch (IOException e) {
            throw bad(file, "it cannot be read (" + e.getMessage() + ")");
        }
    }

    private static BadInputException bad(Path file, String what) {
        return new BadInputException(file + ": not a readable FLAC file: " + what);
    }
}
