package org.audiomaepp.harness.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The paper's ablations (Table 3: RoPE in encoder/decoder with the Base encoder; Table 4: decoder
 * width with the Large encoder), overall score only, from the jar's copy of
 * {@code reports/reference/audiomaepp-ablations.csv}. An ablation view shows the printed value beside
 * a run when the run's axis value and preset match a published row.
 */
public final class PublishedAblations {
    static final String RESOURCE = "/org/audiomaepp/harness/report/reference/audiomaepp-ablations.csv";

    /** Where the figures come from, as a report states it. */
    public static final String SOURCE = "AudioMAE++ paper (arXiv 2507.10464), Tables 3 and 4, as transcribed in"
            + " reports/reference/audiomaepp-ablations.csv";

    private record Entry(int table, String encoder, boolean encoderRope, boolean decoderRope, int decoderWidth,
            PublishedTable.Score overall) {}

    private final List<Entry> entries;

    private PublishedAblations(List<Entry> entries) {
        this.entries = entries;
    }

    public static PublishedAblations load() {
        try (InputStream in = PublishedAblations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath; rebuild the harness jar");
            }
            List<Entry> entries = new ArrayList<>();
            try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (CSVRecord r : p) {
                    entries.add(new Entry(Integer.parseInt(r.get("table")), r.get("encoder"),
                            Boolean.parseBoolean(r.get("encoder_rope")), Boolean.parseBoolean(r.get("decoder_rope")),
                            Integer.parseInt(r.get("decoder_width")),
                            new PublishedTable.Score(Double.parseDouble(r.get("overall")), Double.parseDouble(r.get("ci95")))));
                }
            }
            return new PublishedAblations(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The printed overall score of the published ablation row matching a run's value on an axis:
     * {@code model.rope} ∈ {both, decoder, none} with the base preset (Table 3), or
     * {@code model.decoder.width} with the large preset (Table 4). Empty otherwise.
     */
    public Optional<Published> lookup(String axis, String value, RunProvenance run) {
        String preset = run.configValue("model.preset").map(String::valueOf).orElse("").toLowerCase(Locale.ROOT);
        String v = value.toLowerCase(Locale.ROOT);
        if (axis.equals("model.rope") && preset.equals("base")) {
            boolean enc = v.equals("both") || v.equals("encoder");
            boolean dec = v.equals("both") || v.equals("decoder");
            if (!List.of("both", "decoder", "none").contains(v)) {
                return Optional.empty();
            }
            return find(3, "base", enc, dec, 384, "Table 3");
        }
        if (axis.equals("model.decoder.width") && preset.equals("large")) {
            try {
                return find(4, "large", false, false, (int) Double.parseDouble(v), "Table 4");
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A printed ablation score and the table it comes from. */
    public record Published(PublishedTable.Score score, String table) {}

    private Optional<Published> find(int table, String encoder, boolean enc, boolean dec, int width, String name) {
        return entries.stream()
                .filter(e -> e.table() == table && e.encoder().equals(encoder) && e.encoderRope() == enc
                        && e.decoderRope() == dec && e.decoderWidth() == width)
                .findFirst().map(e -> new Published(e.overall(), name));
    }
}
