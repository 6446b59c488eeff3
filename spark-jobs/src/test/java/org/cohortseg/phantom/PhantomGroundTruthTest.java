package org.cohortseg.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cohortseg.geometry.Orientation;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.labels.LabelMap;
import org.cohortseg.measure.StructureMeasurer;
import org.cohortseg.measure.StructureMeasures;
import org.cohortseg.nifti.NiftiImage;
import org.junit.jupiter.api.Test;

/** The rendered ground truth is what the generator intended: shapes, HU, orientations, cuts. */
class PhantomGroundTruthTest {
    private static final PhantomModel MODEL = PhantomModel.standard();

    @Test
    void labelVolumesMatchTheAnalyticSolidsWithinDiscretisationError() {
        PhantomCohort cohort = new PhantomCohort(MODEL, 7, new double[] {1.5, 1.5, 1.5}, true);
        for (int i = 0; i < 3; i++) {
            PhantomRenderer.RenderedScan scan = cohort.render(i);
            assertEquals(0, scan.overlapVoxels(), "structures must not overlap");
            List<StructureMeasures> measures = measure(scan);
            PhantomScan planted = cohort.scan(i);
            for (PhantomScan.PlacedStructure p : planted.anatomy(MODEL)) {
                StructureMeasures m = find(measures, MODEL.labelMap().get(p.labelId()));
                double truth = p.solid().volume();
                // A voxel layer of the surface is the discretisation error: 1.5 mm out of a 20-80 mm size.
                double tolerance = p.name().startsWith("vertebrae") ? 0.06 : 0.03;
                assertEquals(truth, m.volumeMm3(), tolerance * truth, "scan " + i + " " + p.name());
                assertEquals(planted.volumeMl().get(p.name()) * 1000, truth, 1e-6 * truth,
                        "the solid has the planted volume");
                assertTrue(!m.touchesBorder(), p.name() + " lies inside the full field of view");
            }
        }
    }

    @Test
    void interiorHuHasThePlantedMeanAndTheVoxelNoise() {
        PhantomCohort cohort = new PhantomCohort(MODEL, 11, new double[] {1.5, 1.5, 1.5}, true);
        PhantomRenderer.RenderedScan scan = cohort.render(0);
        NiftiImage ct = scan.ct();
        NiftiImage labels = scan.labels();
        for (PhantomScan.PlacedStructure p : cohort.scan(0).anatomy(MODEL)) {
            double[] moments = interiorMoments(ct, labels, p.labelId());
            double n = moments[0];
            assertTrue(n > 100, p.name() + " has an interior");
            assertEquals(p.hu(), moments[1], 5 * PhantomModel.NOISE_HU / Math.sqrt(n) + 0.5, p.name() + " mean HU");
            assertEquals(PhantomModel.NOISE_HU, moments[2], 0.15 * PhantomModel.NOISE_HU, p.name() + " HU noise");
        }
    }

    @Test
    void storedOrientationsAndDatatypesCanonicaliseToTheSameScan() {
        PhantomCohort cohort = new PhantomCohort(MODEL, 3, null, false);
        int seen = 0;
        for (int i = 0; seen < 6 && i < 40; i++) {
            Acquisition a = cohort.acquisition(i);
            if (a.spacing()[0] < 1.5) {
                continue; // keep the test small
            }
            seen++;
            PhantomRenderer.RenderedScan stored = cohort.render(i);
            PhantomRenderer.RenderedScan ras = cohort.render(i, new Acquisition(a.spacing(), a.fovMin(), a.fovMax(), "RAS",
                    Acquisition.Storage.INT16));
            assertEquals(a.orientation(), Orientation.of(stored.ct().affine()).codes());
            Reorientation toRas = Reorientation.toCanonical(stored.ct().affine(), stored.ct().shape());
            NiftiImage ct = stored.ct().reoriented(toRas);
            NiftiImage labels = stored.labels().reoriented(toRas);
            assertEquals(ras.ct().shape(), ct.shape());
            assertTrue(ras.ct().affine().maxAbsDifference(ct.affine()) < 1e-9, "canonical affine");
            for (int v = 0; v < ct.shape().voxels(); v++) {
                assertEquals(ras.ct().value(v), ct.value(v), "CT voxel " + v + " of scan " + i + " " + a);
                assertEquals(ras.labels().voxels().getLong(v), labels.voxels().getLong(v), "label voxel " + v);
            }
            NiftiImage back = ct.reoriented(toRas.inverse());
            assertArrayEquals(stored.ct().affine().toRowMajor(), back.affine().toRowMajor(), 1e-9);
        }
        assertEquals(6, seen);
    }

    @Test
    void cutFieldsOfViewMakeTheCutStructuresIncomplete() {
        PhantomCohort cohort = new PhantomCohort(MODEL, 5, new double[] {3, 3, 3}, false);
        int cut = 0;
        for (int i = 0; i < 60; i++) {
            Acquisition a = cohort.acquisition(i);
            if (a.fovMax()[2] >= Acquisition.FULL_MAX[2]) {
                continue;
            }
            cut++;
            StructureMeasures liver = find(measure(cohort.render(i)), "liver");
            assertTrue(liver.touchesBorder(), "a cranial cut cuts the liver in scan " + i);
        }
        assertTrue(cut >= 3, "about 12 % of varied scans have a cranial cut, got " + cut + " of 60");
    }

    @Test
    void aSwappedScansLabelImageGivesTwoVertebraeEachOthersIds() {
        PhantomCohort cohort = new PhantomCohort(MODEL, 5, new double[] {3, 3, 3}, false);
        int index = 0;
        while (cohort.scan(index).swap() == null) {
            index++;
        }
        PhantomScan scan = cohort.scan(index);
        PhantomRenderer.RenderedScan rendered = cohort.render(index);
        List<StructureMeasures> measures = measure(rendered);
        for (String vertebra : List.of(scan.swap().first(), scan.swap().second())) {
            Solid solid = scan.anatomy(MODEL).stream().filter(p -> p.name().equals(vertebra)).findFirst()
                    .orElseThrow().solid();
            StructureMeasures labelled = find(measures, scan.swap().labelOf(vertebra));
            assertEquals(solid.volume(), labelled.volumeMm3(), 0.1 * solid.volume(),
                    vertebra + " under its neighbour's id");
        }
        PhantomScan unswapped = new PhantomScan(scan.scanId(), scan.subject(), scan.visit(), scan.years(),
                scan.scanner(), scan.contrast(), scan.nativeVolumeMl(), scan.volumeMl(), scan.plantedHu(),
                scan.renderedHu(), null);
        Acquisition a = cohort.acquisition(index);
        PhantomRenderer renderer = new PhantomRenderer(MODEL);
        PhantomRenderer.RenderedScan swapped = renderer.render(scan, a, new SplittableRandom(1));
        PhantomRenderer.RenderedScan correct = renderer.render(unswapped, a, new SplittableRandom(1));
        Map<Integer, String> names = MODEL.labelMap();
        for (int v = 0; v < correct.ct().shape().voxels(); v++) {
            assertEquals(correct.ct().value(v), swapped.ct().value(v), "the CT is unchanged");
            String truth = names.get((int) correct.labels().voxels().getLong(v));
            String written = names.get((int) swapped.labels().voxels().getLong(v));
            assertEquals(truth == null ? null : scan.swap().labelOf(truth), written, "voxel " + v);
        }
    }

    private static List<StructureMeasures> measure(PhantomRenderer.RenderedScan scan) {
        return new StructureMeasurer().measure(scan.ct(), scan.labels(), LabelMap.of(MODEL.labelMap()));
    }

    private static StructureMeasures find(List<StructureMeasures> measures, String name) {
        return measures.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    /** Count, mean and standard deviation of HU over voxels whose 6 neighbours have the same label. */
    private static double[] interiorMoments(NiftiImage ct, NiftiImage labels, int label) {
        var s = ct.shape();
        double n = 0;
        double sum = 0;
        double sq = 0;
        for (int z = 1; z < s.nz() - 1; z++) {
            for (int y = 1; y < s.ny() - 1; y++) {
                for (int x = 1; x < s.nx() - 1; x++) {
                    int i = s.index(x, y, z);
                    if (labels.voxels().getLong(i) == label && labels.voxels().getLong(i - 1) == label
                            && labels.voxels().getLong(i + 1) == label && labels.voxels().getLong(i - s.nx()) == label
                            && labels.voxels().getLong(i + s.nx()) == label
                            && labels.voxels().getLong(i - s.nx() * s.ny()) == label
                            && labels.voxels().getLong(i + s.nx() * s.ny()) == label) {
                        double v = ct.value(i);
                        n++;
                        sum += v;
                        sq += v * v;
                    }
                }
            }
        }
        double mean = sum / n;
        return new double[] {n, mean, Math.sqrt(sq / n - mean * mean)};
    }
}
