package org.cohortseg.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.pipeline.CtReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The phantom cohort as DICOM holds the same CTs as the NIfTI cohort: each study's axial series
 * reads (through the reader checked against dcm2niix) to the rendered CT in LAS order, HU for HU,
 * with its affine.
 */
class PhantomDicomStudyTest {
    @TempDir
    Path tmp;

    @Test
    void theAxialSeriesIsTheRenderedCt() throws IOException {
        PhantomCohort cohort = new PhantomCohort(PhantomModel.standard(), 9, null, false);
        cohort.write(tmp.resolve("nifti"), 3, 2);
        cohort.write(tmp.resolve("dicom"), 3, 2, PhantomCohort.Format.DICOM);
        CtReader reader = new CtReader(new NiftiReader());
        for (int i = 0; i < 3; i++) {
            String id = cohort.scanId(i);
            NiftiImage nifti = reader.read(tmp.resolve("nifti/images/" + id + ".nii.gz"));
            NiftiImage ras = nifti.reoriented(Reorientation.toCanonical(nifti.affine(), nifti.shape()));
            NiftiImage las = ras.reoriented(new Reorientation(ras.shape(), new int[] {0, 1, 2}, new boolean[] {true, false, false}));
            NiftiImage dicom = reader.read(axialSeries(tmp.resolve("dicom/dicom").resolve(id.substring(0, 6)).resolve(id)));
            assertEquals(las.shape(), dicom.shape(), id);
            assertEquals(0, las.affine().maxAbsDifference(dicom.affine()), 1e-4, id + ": affine");
            for (int v = 0; v < las.voxels().size(); v++) {
                if (las.value(v) != dicom.value(v)) {
                    assertEquals(las.value(v), dicom.value(v), id + ": voxel " + v);
                }
            }
        }
    }

    /** Series 2 of a study: its folder, or the study folder and its UID where the series share it. */
    private static Path axialSeries(Path study) throws IOException {
        if (Files.isDirectory(study.resolve("2"))) {
            return study.resolve("2");
        }
        try (Stream<Path> files = Files.list(study)) {
            Path slice = files.filter(f -> f.getFileName().toString().startsWith("2_")).findFirst().orElseThrow();
            String uid = org.cohortseg.dicom.DicomFileParser.parse(Files.readAllBytes(slice), slice.toString(), false)
                    .attributes().text(org.cohortseg.dicom.DicomTag.SERIES_INSTANCE_UID).orElseThrow();
            return Path.of(study + "#" + uid);
        }
    }
}
