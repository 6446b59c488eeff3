package org.cohortseg.phantom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.cohortseg.io.Csv;
import org.cohortseg.nifti.NiftiWriter;
import org.cohortseg.stats.Measure;

/**
 * Generates a phantom cohort: for scan {@code i} of seed {@code s}, the subject, acquisition and
 * noise come from three random streams derived from (s, i) alone, so the output is the same
 * byte for byte whatever the number of threads.
 *
 * <p>Writes {@code images/} and {@code labels/} (NIfTI, gzip), {@code manifest.csv} (paths
 * relative to the folder), {@code truth.json} (the generating functions) and
 * {@code truth_structures.csv} (each scan's planted volume and HU per structure).
 */
public final class PhantomCohort {
    private static final long SUBJECT_STREAM = 0x5EED0001L;
    private static final long ACQUISITION_STREAM = 0x5EED0002L;
    private static final long NOISE_STREAM = 0x5EED0003L;
    private static final List<String> MANIFEST_COLUMNS = List.of("scan_id", "subject_id", "path", "label_path", "age",
            "sex", "scanner", "spacing_mm", "orientation", "datatype");
    private static final List<String> TRUTH_COLUMNS = List.of("scan_id", "structure", "label_id", "planted_volume_ml",
            "planted_hu", "rendered_hu", "inside_fov");
    private final PhantomModel model;
    private final long seed;
    private final double[] fixedSpacing;
    private final boolean uniform;

    /**
     * @param model the population
     * @param seed random seed
     * @param fixedSpacing spacing every scan gets, or null for a random mix
     * @param uniform true for full field of view, RAS, int16 (training sets); false for varied acquisitions
     */
    public PhantomCohort(PhantomModel model, long seed, double[] fixedSpacing, boolean uniform) {
        if (uniform && fixedSpacing == null) {
            throw new IllegalArgumentException("a uniform cohort needs a fixed spacing");
        }
        this.model = model;
        this.seed = seed;
        this.fixedSpacing = fixedSpacing == null ? null : fixedSpacing.clone();
        this.uniform = uniform;
    }

    /** The subject of scan {@code index}, without rendering anything. */
    public Subject subject(int index) {
        return Subject.sample(model, subjectId(index), stream(SUBJECT_STREAM, index));
    }

    /** The acquisition of scan {@code index}. */
    public Acquisition acquisition(int index) {
        return uniform ? Acquisition.uniform(fixedSpacing) : Acquisition.varied(stream(ACQUISITION_STREAM, index), fixedSpacing);
    }

    /** Renders scan {@code index}. */
    public PhantomRenderer.RenderedScan render(int index) {
        return render(index, subject(index), acquisition(index));
    }

    /** Renders scan {@code index} with another acquisition (same subject and noise), e.g. to compare orientations. */
    public PhantomRenderer.RenderedScan render(int index, Acquisition acquisition) {
        return render(index, subject(index), acquisition);
    }

    private PhantomRenderer.RenderedScan render(int index, Subject subject, Acquisition acquisition) {
        return new PhantomRenderer(model).render(subject, acquisition, stream(NOISE_STREAM, index));
    }

    /** Scan id of scan {@code index}: one scan per subject. */
    public static String scanId(int index) {
        return subjectId(index) + "_ct1";
    }

    private static String subjectId(int index) {
        return String.format(Locale.ROOT, "P%05d", index + 1);
    }

    private SplittableRandom stream(long stream, int index) {
        return new SplittableRandom(mix(mix(seed ^ stream) + index));
    }

    /** A 64-bit finaliser (from SplitMix64): spreads nearby seeds over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Summary of a written cohort. */
    public record Written(int scans, long overlapVoxels, double seconds) {
    }

    /** What one written scan adds: its manifest row, its truth_structures rows and its overlapping voxels. */
    private record WrittenScan(List<String> manifestRow, List<List<String>> truthRows, long overlapVoxels) {
    }

    /** Writes scans 0..n-1 into {@code dir} using {@code threads} threads. */
    public Written write(Path dir, int n, int threads) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("labels"));
        WrittenScan[] scans = new WrittenScan[n];
        NiftiWriter writer = new NiftiWriter();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> {
                try {
                    Subject s = subject(i);
                    Acquisition a = acquisition(i);
                    PhantomRenderer.RenderedScan scan = render(i, s, a);
                    String id = scanId(i);
                    writer.write(scan.ct(), dir.resolve("images/" + id + ".nii.gz"));
                    writer.write(scan.labels(), dir.resolve("labels/" + id + ".nii.gz"));
                    scans[i] = new WrittenScan(List.of(id, s.subjectId(), "images/" + id + ".nii.gz",
                            "labels/" + id + ".nii.gz", Integer.toString(s.age()), s.sex(), s.scanner(),
                            a.spacingText(), a.orientation(), a.storage().name().toLowerCase(Locale.ROOT)),
                            truthRows(id, s, a), scan.overlapVoxels());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating phantoms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        } finally {
            pool.shutdown();
        }
        List<WrittenScan> written = List.of(scans);
        Csv.write(dir.resolve("manifest.csv"), MANIFEST_COLUMNS, written.stream().map(WrittenScan::manifestRow).toList());
        Csv.write(dir.resolve("truth_structures.csv"), TRUTH_COLUMNS,
                written.stream().flatMap(w -> w.truthRows().stream()).toList());
        writeTruth(dir.resolve("truth.json"), n);
        long overlapVoxels = written.stream().mapToLong(WrittenScan::overlapVoxels).sum();
        return new Written(n, overlapVoxels, (System.nanoTime() - start) / 1e9);
    }

    private List<List<String>> truthRows(String id, Subject s, Acquisition a) {
        List<List<String>> rows = new ArrayList<>();
        for (Subject.PlacedStructure p : s.anatomy(model)) {
            rows.add(List.of(id, p.name(), Integer.toString(p.labelId()),
                    Double.toString(p.solid().volume() / 1000.0), Double.toString(s.plantedHu().get(p.name())),
                    Double.toString(p.hu()), Boolean.toString(a.inside(p.solid().bounds()))));
        }
        return rows;
    }

    private void writeTruth(Path file, int n) throws IOException {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("generator", "cohortseg phantoms");
        t.put("seed", seed);
        t.put("n", n);
        t.put("age", Map.of("distribution", "uniform integer", "min", PhantomModel.MIN_AGE, "max", PhantomModel.MAX_AGE));
        t.put("male_fraction", PhantomModel.MALE_FRACTION);
        t.put("scanner_hu_offset", PhantomModel.SCANNER_HU_OFFSET);
        t.put("scanner_probability", PhantomModel.SCANNER_PROBABILITY);
        t.put("voxel_noise_hu_sd", PhantomModel.NOISE_HU);
        t.put("labelmap", model.labelMap());
        t.put("effects", model.effects().stream().map(Effect::describe).toList());
        t.put("notes", List.of(
                Measure.MEAN_HU.column() + " effects are the planted tissue HU; rendered HU = planted + scanner offset",
                "volumes are exact solid volumes (ellipsoids, tubes, vertebral body cylinder + spinous box)",
                "age_term is zero at age 18; male_shift applies to men"));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), t);
    }
}
