package org.cohortseg.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cohortseg.phantom.PhantomCohort;
import org.cohortseg.phantom.PhantomModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cohortseg phantoms}: writes a synthetic CT cohort with ground truth. */
@Command(name = "phantoms", mixinStandardHelpOptions = true,
        description = "Generate phantom CTs with ground-truth labels, manifest.csv and truth.json.")
final class PhantomsCommand implements Callable<Integer> {
    @Option(names = "--n", required = true, description = "Number of scans (manifest rows; a subject with repeat "
            + "scans has several).")
    int n;

    @Option(names = "--population", defaultValue = "standard", description = "standard: scanner location and scale "
            + "effects, contrast, skewed and height-scaled volumes, repeat scans, accelerated aging, swapped vertebra "
            + "labels; paper: the aging paper's cross-sectional design the phantom model was trained on "
            + "(default: ${DEFAULT-VALUE}).")
    String population;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--spacing", description = "Voxel spacing in mm for every scan: one value or x,y,z "
            + "(default: a mix of 3, 1.5x1.5x3, 2x2x5 and 0.8x0.8x2).")
    String spacing;

    @Option(names = "--uniform", description = "Full field of view, RAS, int16 for every scan (needs --spacing); "
            + "default: varied orientations, datatypes and fields of view.")
    boolean uniform;

    @Option(names = "--format", defaultValue = "nifti", description = "nifti: images/*.nii.gz and manifest.csv; dicom: "
            + "dicom/SUBJECT/SCAN/, one DICOM study per scan (localizer, axial series, thick second reconstruction; age, "
            + "sex and dates in the headers) for cohortseg index (default: ${DEFAULT-VALUE}).")
    PhantomCohort.Format format;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (n < 1) {
            throw new IllegalArgumentException("--n must be at least 1");
        }
        PhantomModel model = switch (population) {
            case "standard" -> PhantomModel.standard();
            case "paper" -> PhantomModel.paper();
            default -> throw new IllegalArgumentException("--population must be standard or paper, not " + population);
        };
        PhantomCohort cohort = new PhantomCohort(model, seed, Spacings.parse(spacing), uniform);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        PhantomCohort.Written w = cohort.write(out, n, workers, format);
        System.out.printf(Locale.ROOT, "wrote %d phantoms to %s in %.1f s (%.1f scans/s on %d threads)%n",
                w.scans(), out, w.seconds(), w.scans() / w.seconds(), workers);
        if (w.overlapVoxels() > 0) {
            System.out.printf(Locale.ROOT, "warning: %d labelled voxels were claimed by two structures%n", w.overlapVoxels());
        }
        return 0;
    }
}
