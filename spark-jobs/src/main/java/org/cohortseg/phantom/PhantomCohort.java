package org.cohortseg.phantom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.cohortseg.io.Csv;
import org.cohortseg.nifti.NiftiWriter;

/**
 * Generates a phantom cohort. Scans are numbered subject by subject ({@code P00001_ct1},
 * {@code P00001_ct2}, {@code P00002_ct1}, ...), so the first n scans of a cohort are the same
 * whatever n (the last subject may have fewer of its visits). Subject {@code k} of seed {@code s}
 * comes from a random stream derived from (s, k) alone, and each of its visits' per-scan draws,
 * acquisition and voxel noise from streams derived from (s, k, visit): the output is the same
 * byte for byte whatever the number of threads. A subject's first visit uses the streams a
 * one-scan-per-subject cohort used for scan k.
 *
 * <p>Writes {@code images/} and {@code labels/} (NIfTI, gzip), {@code manifest.csv} (paths
 * relative to the folder), or the CTs as DICOM studies ({@link Format#DICOM}), and the ground
 * truth ({@link CohortTruth}): {@code truth.json},
 * {@code truth_structures.csv} and {@code truth_subjects.csv}.
 */
public final class PhantomCohort {
    private static final long SUBJECT_STREAM = 0x5EED0001L;
    private static final long ACQUISITION_STREAM = 0x5EED0002L;
    private static final long NOISE_STREAM = 0x5EED0003L;
    private static final long VISIT_STREAM = 0x5EED0004L;
    private static final long SWAP_STREAM = 0x5EED0005L;
    /** The manifest's columns; every one after the required ones reaches the scans table. */
    public static final List<String> MANIFEST_COLUMNS = List.of("scan_id", "subject_id", "path", "label_path", "age",
            "sex", "scanner", "contrast", "height_cm", "weight_kg", "visit", "spacing_mm", "orientation", "datatype");
    private final PhantomModel model;
    private final long seed;
    private final double[] fixedSpacing;
    private final boolean uniform;
    /** firstScans.get(k): index of subject k's first scan, for the subjects located so far (and one past). */
    private final List<Integer> firstScans = new ArrayList<>(List.of(0));

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

    /** The population. */
    public PhantomModel model() {
        return model;
    }

    /** The random seed. */
    public long seed() {
        return seed;
    }

    /** Subject {@code subjectIndex} (from 0), without rendering anything. */
    public Subject subject(int subjectIndex) {
        return Subject.sample(model, subjectId(subjectIndex), stream(SUBJECT_STREAM, subjectIndex));
    }

    /** Scan {@code index} (from 0): its subject, visit and planted values, without rendering anything. */
    public PhantomScan scan(int index) {
        ScanRef ref = locate(index);
        return sample(subject(ref.subject()), ref, index);
    }

    /** Every scan of subject {@code subjectIndex}, in visit order (the subject is sampled once). */
    public List<PhantomScan> visits(int subjectIndex) {
        Subject subject = subject(subjectIndex);
        int first = firstScan(subjectIndex);
        List<PhantomScan> out = new ArrayList<>();
        for (int v = 1; v <= subject.visits(); v++) {
            out.add(sample(subject, new ScanRef(subjectIndex, v), first + v - 1));
        }
        return out;
    }

    private PhantomScan sample(Subject subject, ScanRef ref, int index) {
        return PhantomScan.sample(model, subject, ref.visit(), swap(index), visitStream(VISIT_STREAM, ref));
    }

    /** The index of visit {@code visit} (from 1) of subject {@code subjectIndex}. */
    public int scanIndex(int subjectIndex, int visit) {
        int first = firstScan(subjectIndex);
        if (visit < 1 || first + visit > firstScan(subjectIndex + 1)) {
            throw new IllegalArgumentException("subject " + subjectIndex + " has no visit " + visit);
        }
        return first + visit - 1;
    }

    /** The acquisition of scan {@code index}. */
    public Acquisition acquisition(int index) {
        return uniform ? Acquisition.uniform(fixedSpacing)
                : Acquisition.varied(visitStream(ACQUISITION_STREAM, locate(index)), fixedSpacing);
    }

    /** Renders scan {@code index}. */
    public PhantomRenderer.RenderedScan render(int index) {
        return render(index, scan(index), acquisition(index));
    }

    /** Renders scan {@code index} with another acquisition (same subject and noise), e.g. to compare orientations. */
    public PhantomRenderer.RenderedScan render(int index, Acquisition acquisition) {
        return render(index, scan(index), acquisition);
    }

    private PhantomRenderer.RenderedScan render(int index, PhantomScan scan, Acquisition acquisition) {
        return new PhantomRenderer(model).render(scan, acquisition, visitStream(NOISE_STREAM, locate(index)));
    }

    /** The StudyInstanceUID scan {@code index} has when the cohort is written as DICOM. */
    public String studyUid(int index) {
        return PhantomDicomStudy.studyUid(seed, scanId(index));
    }

    /** Scan id of scan {@code index}: {@code P<subject>_ct<visit>}. */
    public String scanId(int index) {
        ScanRef ref = locate(index);
        return subjectId(ref.subject()) + "_ct" + ref.visit();
    }

    private static String subjectId(int subjectIndex) {
        return String.format(Locale.ROOT, "P%05d", subjectIndex + 1);
    }

    /** Subject (from 0) and visit (from 1) of a scan. */
    private record ScanRef(int subject, int visit) {
    }

    private synchronized int firstScan(int subjectIndex) {
        while (firstScans.size() <= subjectIndex + 1) {
            int k = firstScans.size() - 1;
            firstScans.add(firstScans.get(k) + subject(k).visits());
        }
        return firstScans.get(subjectIndex);
    }

    private synchronized ScanRef locate(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("scan index " + index);
        }
        while (firstScans.get(firstScans.size() - 1) <= index) {
            firstScan(firstScans.size() - 1);
        }
        int k = java.util.Collections.binarySearch(firstScans, index);
        int subject = k >= 0 ? k : -k - 2;
        return new ScanRef(subject, index - firstScans.get(subject) + 1);
    }

    /** The label swap of scan {@code index}, or null. */
    private LabelSwaps.Swap swap(int index) {
        LabelSwaps swaps = model.swaps();
        if (!swaps.any()) {
            return null;
        }
        return swaps.at(index % swaps.blockScans(), stream(SWAP_STREAM, index / swaps.blockScans()));
    }

    private SplittableRandom stream(long stream, int index) {
        return new SplittableRandom(mix(mix(seed ^ stream) + index));
    }

    /** The stream of one visit: the subject's stream for the first, one derived from it for later visits. */
    private SplittableRandom visitStream(long stream, ScanRef ref) {
        long first = mix(mix(seed ^ stream) + ref.subject());
        return new SplittableRandom(ref.visit() == 1 ? first : mix(first + ref.visit()));
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
    private record WrittenScan(PhantomScan scan, List<String> manifestRow, List<List<String>> truthRows,
                               long overlapVoxels) {
    }

    /** How the CTs are written. */
    public enum Format {
        /** {@code images/ID.nii.gz} and {@code manifest.csv}. */
        NIFTI,
        /** {@code dicom/SUBJECT/ID/}: a DICOM study per scan ({@link PhantomDicomStudy}); {@code index} makes the manifest. */
        DICOM
    }

    /** Writes scans 0..n-1 into {@code dir} as NIfTI using {@code threads} threads. */
    public Written write(Path dir, int n, int threads) throws IOException {
        return write(dir, n, threads, Format.NIFTI);
    }

    /** Writes scans 0..n-1 into {@code dir} in {@code format} using {@code threads} threads. */
    public Written write(Path dir, int n, int threads, Format format) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(dir.resolve(format == Format.NIFTI ? "images" : "dicom"));
        Files.createDirectories(dir.resolve("labels"));
        if (n > 0) {
            locate(n - 1);
        }
        WrittenScan[] scans = new WrittenScan[n];
        NiftiWriter writer = new NiftiWriter();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> {
                try {
                    PhantomScan s = scan(i);
                    Acquisition a = acquisition(i);
                    PhantomRenderer.RenderedScan rendered = render(i, s, a);
                    String id = s.scanId();
                    if (format == Format.NIFTI) {
                        writer.write(rendered.ct(), dir.resolve("images/" + id + ".nii.gz"));
                    } else {
                        new PhantomDicomStudy(seed, s, locate(i).subject(), i, rendered.ct(),
                                a.storage() == Acquisition.Storage.FLOAT32_SCALED).write(dir.resolve("dicom"));
                    }
                    writer.write(rendered.labels(), dir.resolve("labels/" + id + ".nii.gz"));
                    scans[i] = new WrittenScan(s, manifestRow(s, a), CohortTruth.structureRows(model, s, a),
                            rendered.overlapVoxels());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating phantoms", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        } finally {
            pool.shutdown();
        }
        List<WrittenScan> written = List.of(scans);
        if (format == Format.NIFTI) {
            Csv.write(dir.resolve("manifest.csv"), MANIFEST_COLUMNS, written.stream().map(WrittenScan::manifestRow).toList());
        }
        new CohortTruth(model, seed).write(dir, written.stream().map(WrittenScan::scan).toList(),
                written.stream().flatMap(w -> w.truthRows().stream()).toList());
        long overlapVoxels = written.stream().mapToLong(WrittenScan::overlapVoxels).sum();
        return new Written(n, overlapVoxels, (System.nanoTime() - start) / 1e9);
    }

    private static List<String> manifestRow(PhantomScan s, Acquisition a) {
        Subject subject = s.subject();
        return List.of(s.scanId(), subject.subjectId(), "images/" + s.scanId() + ".nii.gz",
                "labels/" + s.scanId() + ".nii.gz", number(s.age()), subject.sex(), s.scanner(),
                Boolean.toString(s.contrast()), number(subject.heightCm()), number(subject.weightKg()),
                Integer.toString(s.visit()), a.spacingText(), a.orientation(),
                a.storage().name().toLowerCase(Locale.ROOT));
    }

    /** A value with at most two decimals, without trailing zeros ("63", "65.37", "171.5"). */
    static String number(double v) {
        return new BigDecimal(String.format(Locale.ROOT, "%.2f", v)).stripTrailingZeros().toPlainString();
    }
}
