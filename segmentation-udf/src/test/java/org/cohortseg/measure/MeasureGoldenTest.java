package org.cohortseg.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import org.cohortseg.labels.LabelMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cohortseg.io.CohortsegHome;
import org.cohortseg.nifti.NiftiReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our measurements against golden fixtures made by test-resources/golden/measure/make_fixtures.py:
 * statistics.json byte for byte as TotalSegmentator's numpy code writes it, and every other
 * measure against plain numpy.
 */
class MeasureGoldenTest {
    private static final Path DIR = CohortsegHome.resolve("test-resources/golden/measure");

    static Stream<String> cases() throws IOException {
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(DIR.resolve("cases.json").toFile()).fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    private static JsonNode caseSpec(String name) throws IOException {
        return new ObjectMapper().readTree(DIR.resolve("cases.json").toFile()).get(name);
    }

    private static List<StructureMeasures> measure(String name) throws IOException {
        JsonNode spec = caseSpec(name);
        Path ct = CohortsegHome.root().resolve(spec.get("ct").asText().startsWith("../")
                ? spec.get("ct").asText() : "test-resources/golden/measure/files/" + spec.get("ct").asText()).normalize();
        Assumptions.assumeTrue(Files.exists(ct), ct + " is absent (../shared/data not mounted): skipping this case");
        NiftiReader reader = new NiftiReader();
        return new StructureMeasurer().measure(reader.read(ct), reader.read(DIR.resolve("files/" + spec.get("seg").asText())),
                LabelMap.load("total_v2"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void statisticsJsonIsByteIdenticalToTotalSegmentators(String name) throws IOException {
        List<StructureMeasures> measures = measure(name);
        JsonNode spec = caseSpec(name);
        for (boolean includeIncomplete : new boolean[] {false, true}) {
            StringWriter out = new StringWriter();
            new TotalSegmentatorStatistics(includeIncomplete, false).write(measures, out);
            String file = spec.get(includeIncomplete ? "statistics_include_incomplete" : "statistics").asText();
            assertEquals(Files.readString(DIR.resolve("files/" + file)), out.toString(), file);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyMeasureMatchesNumpy(String name) throws IOException {
        List<StructureMeasures> measures = measure(name);
        JsonNode reference = new ObjectMapper().readTree(DIR.resolve("files/" + caseSpec(name).get("reference").asText()).toFile());
        int present = 0;
        for (StructureMeasures m : measures) {
            JsonNode r = reference.get(m.name());
            assertEquals(r.get("voxel_count").asLong(), m.voxelCount(), m.name());
            if (m.voxelCount() == 0) {
                assertNull(m.hu(), m.name());
                assertEquals("absent", m.exclusionReason());
                continue;
            }
            present++;
            String at = name + "/" + m.name();
            assertClose(r.get("volume_mm3").asDouble(), m.volumeMm3(), at + " volume");
            assertClose(r.get("mean_hu").asDouble(), m.hu().mean(), at + " mean");
            assertClose(r.get("std_hu").asDouble(), m.hu().std(), at + " std");
            assertEquals(r.get("min_hu").asDouble(), m.hu().min(), at + " min");
            assertEquals(r.get("max_hu").asDouble(), m.hu().max(), at + " max");
            assertClose(r.get("median_hu").asDouble(), m.hu().median(), at + " median");
            assertClose(r.get("p5_hu").asDouble(), m.hu().p5(), at + " p5");
            assertClose(r.get("p95_hu").asDouble(), m.hu().p95(), at + " p95");
            for (int a = 0; a < 3; a++) {
                assertClose(r.get("centroid_vox").get(a).asDouble(), m.centroidVoxel()[a], at + " centroid");
                assertClose(r.get("centroid_mm").get(a).asDouble(), m.centroidWorld()[a], at + " centroid mm");
                assertEquals(r.get("bbox_min").get(a).asInt(), m.bboxMin()[a], at + " bbox min");
                assertEquals(r.get("bbox_max").get(a).asInt(), m.bboxMax()[a], at + " bbox max");
            }
            assertEquals(r.get("touches_border").asBoolean(), m.touchesBorder(), at + " border");
        }
        assertFalse(present == 0, "the fixture must contain structures");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theResultDoesNotDependOnTheNumberOfThreads(String name) throws IOException {
        JsonNode spec = caseSpec(name);
        Path ct = CohortsegHome.root().resolve(spec.get("ct").asText().startsWith("../")
                ? spec.get("ct").asText() : "test-resources/golden/measure/files/" + spec.get("ct").asText()).normalize();
        Assumptions.assumeTrue(Files.exists(ct), ct + " is absent (../shared/data not mounted): skipping this case");
        NiftiReader reader = new NiftiReader();
        var image = reader.read(ct);
        var seg = reader.read(DIR.resolve("files/" + spec.get("seg").asText()));
        StringWriter single = new StringWriter();
        MeasuresCsv.write(new StructureMeasurer(1).measure(image, seg, LabelMap.load("total_v2")), single);
        for (int threads : new int[] {2, 3, 7}) {
            StringWriter parallel = new StringWriter();
            MeasuresCsv.write(new StructureMeasurer(threads).measure(image, seg, LabelMap.load("total_v2")), parallel);
            assertEquals(single.toString(), parallel.toString(), threads + " threads");
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }
}
