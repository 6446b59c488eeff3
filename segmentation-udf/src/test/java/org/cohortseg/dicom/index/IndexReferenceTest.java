package org.cohortseg.dicom.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The index against pydicom and numpy (test-resources/golden/dicom/index_expected.json, made by
 * make_fixtures.py's index_reference): every fixture series' header values in every transfer
 * syntax, and each series' slice count, spacings, coverage and tilt; and the real series of
 * ../shared/data against dcm2niix's volume of it.
 */
class IndexReferenceTest {
    private static final Path DIR = CohortsegHome.resolve("test-resources/golden/dicom");
    /** The fixtures have 10 slices: the test judges their geometry, not their length; tilts refused. */
    private static final SeriesRules RULES = new SeriesRules(2, 5, true);

    static InstanceHeader header(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        HeaderReader.Outcome o = HeaderReader.read(file.toString(), file.getParent().toString(), bytes.length,
                n -> Arrays.copyOf(bytes, n));
        return assertInstanceOf(HeaderReader.Header.class, o, file.toString()).header();
    }

    static List<InstanceHeader> headers(Path folder) throws IOException {
        List<InstanceHeader> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                out.add(header(f));
            }
        }
        return out;
    }

    private static JsonNode reference() throws IOException {
        return new ObjectMapper().readTree(DIR.resolve("index_expected.json").toFile());
    }

    @Test
    void headersAsPydicomReadsThemInEveryTransferSyntax() throws IOException {
        JsonNode headers = reference().get("headers");
        assertTrue(headers.size() >= 25, "every fixture series: " + headers.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode want = e.getValue();
            Path first;
            try (Stream<Path> files = Files.list(DIR.resolve("series").resolve(e.getKey()))) {
                first = files.sorted().findFirst().orElseThrow();
            }
            InstanceHeader h = header(first);
            String at = e.getKey() + ": ";
            assertEquals(want.get("transfer_syntax").asText(), h.syntaxUid(), at + "transfer syntax");
            assertEquals(want.get("study_uid").asText(), h.studyUid(), at + "study");
            assertEquals(want.get("series_uid").asText(), h.seriesUid(), at + "series");
            assertEquals(want.get("modality").asText(), h.modality(), at + "modality");
            assertEquals(want.get("image_type").asText(), h.imageType(), at + "image type");
            assertEquals(want.get("patient_id").asText(), h.patientId(), at + "patient");
            assertEquals(want.get("patient_age").asText(), h.patientAge(), at + "age");
            assertEquals(want.get("sex").asText(), h.sex(), at + "sex");
            assertEquals(want.get("slice_thickness").asDouble(), h.sliceThickness(), at + "thickness");
            assertEquals(want.get("rows").asInt(), h.rows(), at + "rows");
            assertEquals(want.get("columns").asInt(), h.columns(), at + "columns");
            assertEquals(want.get("series_number").asInt(), h.seriesNumber(), at + "series number");
            assertArrayEquals(want.get("pixel_spacing"), h.pixelSpacing(), at + "pixel spacing");
            assertArrayEquals(want.get("position"), h.position(), at + "position");
            assertArrayEquals(want.get("orientation"), h.orientation(), at + "orientation");
            assertTrue(h.pixelData(), at + "pixel data found");
        }
    }

    private static void assertArrayEquals(JsonNode want, double[] got, String what) {
        assertEquals(want.size(), got.length, what);
        for (int i = 0; i < got.length; i++) {
            assertEquals(want.get(i).asDouble(), got[i], 1e-9, what + "[" + i + "]");
        }
    }

    /** Each series' geometry as numpy computes it from pydicom's positions, and the verdict it leads to. */
    @Test
    void seriesGeometryAsNumpyComputesIt() throws IOException {
        JsonNode series = reference().get("series");
        Map<String, String> verdicts = Map.of("missing_slice", "missing slice", "duplicate_slice", "duplicate slice position",
                "tilted", "gantry tilt 19.80 degrees (refused)", "oblique", "not axial (coronal)");
        for (Iterator<Map.Entry<String, JsonNode>> it = series.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode want = e.getValue();
            SeriesSummary s = SeriesSummary.of(headers(DIR.resolve("series").resolve(e.getKey())), RULES);
            String at = e.getKey() + ": ";
            assertEquals(want.get("slices").asInt(), s.slices(), at + "slices");
            assertEquals(want.get("z_coverage_mm").asDouble(), s.zCoverage(), 1e-9, at + "coverage");
            assertEquals(want.get("slice_spacing_mm").asDouble(), s.sliceSpacing(), 1e-9, at + "spacing");
            assertEquals(want.get("slice_spacing_min_mm").asDouble(), s.sliceSpacingMin(), 1e-9, at + "min spacing");
            assertEquals(want.get("slice_spacing_max_mm").asDouble(), s.sliceSpacingMax(), 1e-9, at + "max spacing");
            assertEquals(want.get("gantry_tilt_deg").asDouble(), s.tiltDegrees(), 1e-6, at + "tilt");
            String verdict = verdicts.get(e.getKey());
            if (verdict == null) {
                assertTrue(s.usable(), at + s.reasons());
            } else {
                assertEquals(1, s.reasons().size(), at + s.reasons());
                assertTrue(s.reasons().get(0).startsWith(verdict), at + s.reasons());
            }
        }
    }

    /** The real JPEG 2000 series: one usable series, as many slices and the same spacing as dcm2niix's volume. */
    @Test
    void theRealSeriesIsOneUsableSeriesAsDcm2niixSeesIt() throws IOException {
        Path real = CohortsegHome.root().resolve("../shared/data/example_ct_dicom").normalize();
        Assumptions.assumeTrue(Files.isDirectory(real), real + " is absent (../shared/data not mounted): skipping");
        JsonNode dcm2niix = new ObjectMapper().readTree(DIR.resolve("expected.json").toFile()).get("real");
        SeriesSummary s = SeriesSummary.of(headers(real), SeriesRules.defaults());
        assertTrue(s.usable(), s.reasons().toString());
        assertEquals(dcm2niix.get("shape").get(2).asInt(), s.slices());
        JsonNode affine = dcm2niix.get("affine");
        double zSpacing = Math.sqrt(Math.pow(affine.get(0).get(2).asDouble(), 2) + Math.pow(affine.get(1).get(2).asDouble(), 2)
                + Math.pow(affine.get(2).get(2).asDouble(), 2));
        assertEquals(zSpacing, s.sliceSpacing(), 1e-4);
        assertEquals("axial", s.plane());
        assertEquals("CT", s.first().modality());
    }
}
