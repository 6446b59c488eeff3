package org.cohortseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Shape;
import org.cohortseg.io.Csv;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiWriter;
import org.cohortseg.nifti.VoxelArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's Dice step reads the manifest as written, whatever its values hold. */
class DemoCommandTest {
    private static NiftiImage labels(int... ids) {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ids[i];
        }
        return NiftiImage.of(new Shape(ids.length, 1, 1), VoxelArray.ofUint8(b), Affine.scaling(1, 1, 1));
    }

    @Test
    void findsTheMaskAndTruthOfAScanWhoseIdAndPathHoldCommasAndQuotes(@TempDir Path tmp) throws Exception {
        String scanId = "P1, \"odd\"";
        String truthPath = "labels/truth, \"odd\".nii.gz";
        Path cohort = tmp.resolve("cohort");
        Path tables = tmp.resolve("tables");
        Files.createDirectories(cohort.resolve("labels"));
        Files.createDirectories(tables.resolve("masks"));
        NiftiWriter writer = new NiftiWriter();
        writer.write(labels(0, 1, 1, 2), cohort.resolve(truthPath));
        writer.write(labels(0, 1, 2, 2), tables.resolve("masks/" + scanId + ".nii.gz"));
        Csv.write(cohort.resolve("manifest.csv"), List.of("scan_id", "subject_id", "path", "label_path"),
                List.of(List.of(scanId, "S1", "images/ct, \"odd\".nii.gz", truthPath)));
        // spleen (1): 2 x 1 / (1 + 2); kidney_right (2): 2 x 1 / (2 + 1)
        assertEquals(2.0 / 3, DemoCommand.meanDice(DemoCommand.truthByScan(cohort), tables), 1e-12);
    }
}
