package org.cohortseg.phantom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cohortseg.io.Csv;
import org.cohortseg.measure.StructureCategory;
import org.cohortseg.stats.Measure;

/**
 * The ground truth of a written phantom cohort: {@code truth.json} (every planted parameter),
 * {@code truth_structures.csv} (each scan's planted volume and HU per structure, and its label
 * swaps) and {@code truth_subjects.csv} (each subject's baseline, body size, accelerated aging,
 * visits and own within-person slopes).
 */
final class CohortTruth {
    static final List<String> STRUCTURE_COLUMNS = List.of("scan_id", "structure", "label_id", "planted_volume_ml",
            "planted_hu", "rendered_hu", "inside_fov", "native_volume_ml", "label_swapped_with");
    private final PhantomModel model;
    private final long seed;

    CohortTruth(PhantomModel model, long seed) {
        this.model = model;
        this.seed = seed;
    }

    /** The truth_structures.csv rows of one scan, in label-id order. */
    static List<List<String>> structureRows(PhantomModel model, PhantomScan s, Acquisition a) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        model.labelMap().forEach((id, name) -> ids.put(name, id));
        List<List<String>> rows = new ArrayList<>();
        for (PhantomScan.PlacedStructure p : s.anatomy(model)) {
            String partner = s.swap() == null ? null : s.swap().partnerOf(p.name());
            rows.add(List.of(s.scanId(), p.name(), Integer.toString(ids.get(p.name())),
                    Double.toString(p.solid().volume() / 1000.0), Double.toString(s.plantedHu().get(p.name())),
                    Double.toString(p.hu()), Boolean.toString(a.inside(p.solid().bounds())),
                    Double.toString(s.nativeVolumeMl().get(p.name())), partner == null ? "" : partner));
        }
        return rows;
    }

    /** Writes the three truth files for {@code scans} (in scan order) into {@code dir}. */
    void write(Path dir, List<PhantomScan> scans, List<List<String>> structureRows) throws IOException {
        Csv.write(dir.resolve("truth_structures.csv"), STRUCTURE_COLUMNS, structureRows);
        writeSubjects(dir.resolve("truth_subjects.csv"), scans);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("truth.json").toFile(),
                json(scans));
    }

    private List<Effect> longitudinal() {
        return model.effects().stream().filter(e -> e.longitudinal() != null).toList();
    }

    private void writeSubjects(Path file, List<PhantomScan> scans) throws IOException {
        List<String> columns = new ArrayList<>(List.of("subject_id", "sex", "baseline_age", "height_cm", "weight_kg",
                "accelerated", "visits", "years_since_baseline"));
        longitudinal().forEach(e -> columns.add("within_slope_" + e.structure() + "_" + e.measure().column()));
        Map<String, List<PhantomScan>> bySubject = scans.stream()
                .collect(Collectors.groupingBy(s -> s.subject().subjectId(), LinkedHashMap::new, Collectors.toList()));
        List<List<String>> rows = new ArrayList<>();
        bySubject.forEach((id, visits) -> {
            Subject s = visits.get(0).subject();
            List<String> row = new ArrayList<>(List.of(id, s.sex(), Integer.toString(s.age()),
                    PhantomCohort.number(s.heightCm()), PhantomCohort.number(s.weightKg()),
                    Boolean.toString(s.accelerated()), Integer.toString(visits.size()),
                    visits.stream().map(v -> PhantomCohort.number(v.years())).collect(Collectors.joining(";"))));
            longitudinal().forEach(e -> row.add(Double.toString(s.withinSlope().get(e.key()))));
            rows.add(row);
        });
        Csv.write(file, columns, rows);
    }

    private Map<String, Object> json(List<PhantomScan> scans) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("generator", "cohortseg phantoms");
        t.put("population", model.name());
        t.put("seed", seed);
        t.put("n", scans.size());
        t.put("subjects", scans.stream().map(s -> s.subject().subjectId()).distinct().count());
        Map<String, Object> age = new LinkedHashMap<>();
        age.put("distribution", "uniform integer baseline age");
        age.put("min", PhantomModel.MIN_AGE);
        age.put("max", PhantomModel.MAX_AGE);
        age.put("age_at_visit", "baseline age + years since the first scan (manifest: 2 decimals)");
        t.put("age", age);
        t.put("male_fraction", PhantomModel.MALE_FRACTION);
        t.put("scanners", model.scanners().stream().map(Scanner::describe).toList());
        Map<String, Object> offsets = new LinkedHashMap<>();
        model.scanners().forEach(s -> offsets.put(s.name(), s.huOffset()));
        t.put("scanner_hu_offset", offsets);
        t.put("scanner_probability", model.scanners().stream().map(Scanner::probability).toList());
        t.put("contrast", model.contrast().describe());
        t.put("body_size", model.bodySize().describe());
        t.put("visits", model.visits().describe());
        Map<String, Object> acceleration = model.acceleration().describe();
        acceleration.put("structures", model.structures().stream().map(StructureTemplate::name)
                .filter(n -> StructureCategory.of(n) == model.acceleration().system()).toList());
        t.put("acceleration", acceleration);
        Map<String, Object> swaps = model.swaps().describe();
        swaps.put("scans", scans.stream().filter(s -> s.swap() != null).map(s -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("scan_id", s.scanId());
            one.put("structures", List.of(s.swap().first(), s.swap().second()));
            return one;
        }).toList());
        t.put("label_swaps", swaps);
        t.put("voxel_noise_hu_sd", PhantomModel.NOISE_HU);
        t.put("labelmap", model.labelMap());
        t.put("effects", model.effects().stream().map(Effect::describe).toList());
        t.put("notes", List.of(
                "volume and " + Measure.MEAN_HU.column() + " values follow the effects at baseline age "
                        + "(+ gap_years for the accelerated subgroup's system); at a later visit the age term is "
                        + "taken at the visit's age, or, for an effect with a longitudinal term, at baseline age plus "
                        + "the subject's own slope times the years since baseline",
                "planted_hu (truth_structures.csv) is the HU on scanner A without contrast: center + deviation; "
                        + "rendered_hu = center + noise_scale * deviation + hu_offset of the scan's scanner "
                        + "+ contrast hu_added",
                "planted_volume_ml is the rendered solid's volume (height scaling and contrast included); "
                        + "native_volume_ml is the same without contrast",
                "volumes are exact solid volumes (ellipsoids, tubes, vertebral body cylinder + spinous box)",
                "age_term is zero at age 18; male_shift applies to men",
                "label_swapped_with (truth_structures.csv) names the structure whose label id this structure's voxels "
                        + "carry in the scan's ground-truth label image"));
        return t;
    }
}
