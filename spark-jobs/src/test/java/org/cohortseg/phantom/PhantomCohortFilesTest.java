package org.cohortseg.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.cohortseg.io.Csv;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a cohort run writes: deterministic bytes, a manifest that resolves, a complete truth.json. */
class PhantomCohortFilesTest {

    @Test
    void sameSeedGivesIdenticalBytesWhateverTheThreads(@TempDir Path tmp) throws IOException {
        PhantomCohort cohort = new PhantomCohort(PhantomModel.standard(), 42, new double[] {3, 3, 3}, false);
        cohort.write(tmp.resolve("one"), 5, 1);
        cohort.write(tmp.resolve("two"), 5, 2);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tmp.resolve("one"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertEquals(5 * 2 + 4, files.size(), "images, labels, manifest and three truth files");
        for (Path f : files) {
            Path twin = tmp.resolve("two").resolve(tmp.resolve("one").relativize(f));
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(twin), f.toString());
        }
        PhantomCohort other = new PhantomCohort(PhantomModel.standard(), 43, new double[] {3, 3, 3}, false);
        other.write(tmp.resolve("three"), 1, 1);
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("one/images/P00001_ct1.nii.gz")),
                Files.readAllBytes(tmp.resolve("three/images/P00001_ct1.nii.gz"))), "another seed, another scan");
    }

    @Test
    void manifestPathsResolveAndTruthDescribesEveryEffect(@TempDir Path tmp) throws IOException {
        // seed 21: P00001_ct1, P00002_ct1, P00002_ct2, P00003_ct1, P00003_ct2 (swapped vertebra labels), ...
        PhantomCohort cohort = new PhantomCohort(PhantomModel.standard(), 21, new double[] {3, 3, 3}, false);
        cohort.write(tmp, 5, 2);
        List<String> lines = Files.readAllLines(tmp.resolve("manifest.csv"));
        assertEquals("scan_id,subject_id,path,label_path,age,sex,scanner,contrast,height_cm,weight_kg,visit,spacing_mm,"
                + "orientation,datatype", lines.get(0));
        assertEquals(6, lines.size());
        NiftiReader reader = new NiftiReader();
        List<CSVRecord> manifest = Csv.read(tmp.resolve("manifest.csv"));
        Map<String, CSVRecord> subjects = new HashMap<>();
        Csv.read(tmp.resolve("truth_subjects.csv")).forEach(r -> subjects.put(r.get("subject_id"), r));
        for (int i = 0; i < manifest.size(); i++) {
            CSVRecord scan = manifest.get(i);
            NiftiImage ct = reader.read(tmp.resolve(scan.get("path")));
            NiftiImage labels = reader.read(tmp.resolve(scan.get("label_path")));
            assertEquals(ct.shape(), labels.shape());
            PhantomScan planted = cohort.scan(i);
            assertEquals(planted.scanId(), scan.get("scan_id"));
            assertEquals(planted.age(), Double.parseDouble(scan.get("age")), 0.005);
            assertEquals(Boolean.toString(planted.contrast()), scan.get("contrast"));
            assertEquals(planted.subject().heightCm(), Double.parseDouble(scan.get("height_cm")), 1e-9);
            CSVRecord subject = subjects.get(scan.get("subject_id"));
            assertEquals(scan.get("sex"), subject.get("sex"));
            int visit = Integer.parseInt(scan.get("visit"));
            double years = Double.parseDouble(subject.get("years_since_baseline").split(";")[visit - 1]);
            double baseline = Double.parseDouble(subject.get("baseline_age"));
            assertEquals(Double.parseDouble(scan.get("age")), baseline + years, 1e-9);
        }
        assertEquals(3, subjects.size());
        assertEquals("2", subjects.get("P00003").get("visits"), "the cohort ends within its last subject's visits");
        JsonNode truth = new ObjectMapper().readTree(tmp.resolve("truth.json").toFile());
        for (String section : List.of("scanners", "contrast", "body_size", "visits", "acceleration", "label_swaps")) {
            assertTrue(truth.has(section), section);
        }
        assertEquals("P00003_ct2", truth.get("label_swaps").get("scans").get(0).get("scan_id").asText());
        List<CSVRecord> swapped = Csv.read(tmp.resolve("truth_structures.csv")).stream()
                .filter(r -> !r.get("label_swapped_with").isEmpty()).toList();
        assertEquals(2, swapped.size());
        assertTrue(swapped.stream().allMatch(r -> r.get("scan_id").equals("P00003_ct2")));
        assertEquals(PhantomModel.standard().effects().size(), truth.get("effects").size());
        assertEquals(18, truth.get("labelmap").size());
        long planted = 0;
        for (JsonNode e : truth.get("effects")) {
            planted += e.get("kind").asText().equals("null") ? 0 : 1;
        }
        assertEquals(2 + 1 + 5 + 1 + 2 + 2 + 2, planted, "kidneys, liver, 5 vertebrae, aorta, hips, autochthon, iliopsoas");
        assertEquals(5 * 18 + 1, Files.readAllLines(tmp.resolve("truth_structures.csv")).size());
    }

    @Test
    void subjectsFollowThePlannedDemographics() {
        PhantomCohort cohort = new PhantomCohort(PhantomModel.standard(), 1, new double[] {3, 3, 3}, true);
        int n = 4004;
        int men = 0;
        int min = 200;
        int max = 0;
        for (int i = 0; i < n; i++) {
            Subject s = cohort.subject(i);
            men += s.male() ? 1 : 0;
            min = Math.min(min, s.age());
            max = Math.max(max, s.age());
        }
        assertEquals(0.635, men / (double) n, 0.03);
        assertEquals(18, min);
        assertEquals(100, max);
    }
}
