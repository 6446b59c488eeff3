package org.cohortseg.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cohortseg.io.Csv;
import org.cohortseg.phantom.PhantomCohort;
import org.cohortseg.phantom.PhantomModel;

/**
 * A small phantom cohort at 3 mm (varied orientations, datatypes and fields of view) plus the
 * broken files real cohorts contain, each with the error it must produce.
 */
final class TestCohort {
    /** Broken scans: scan_id to the exception class its FAILED row must name. */
    static final Map<String, String> BROKEN = Map.of(
            "B_missing", "FileNotFoundException",
            "B_corrupt_gzip", "CorruptCompressionException",
            "B_truncated", "TruncatedDataException",
            "B_not_nifti", "InvalidHeaderException",
            "B_oversize", "VolumeTooLargeException");

    private TestCohort() {
    }

    /** Writes {@code n} phantoms and the broken files into {@code dir}; returns the manifest. */
    static Path write(Path dir, int n, long seed) throws IOException {
        new PhantomCohort(PhantomModel.standard(), seed, new double[] {3, 3, 3}, false).write(dir, n, 2);
        Path good = dir.resolve("images/P00001_ct1.nii.gz");
        byte[] bytes = Files.readAllBytes(good);
        byte[] corrupt = bytes.clone();
        for (int i = corrupt.length / 3; i < corrupt.length / 3 + 64; i++) {
            corrupt[i] ^= (byte) 0x5A;
        }
        Files.write(dir.resolve("broken_corrupt.nii.gz"), corrupt);
        Files.write(dir.resolve("broken_truncated.nii.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.writeString(dir.resolve("broken_text.nii"), "this is not a NIfTI file, it is a note\n".repeat(20));
        writeOversizeHeader(dir.resolve("broken_oversize.nii"));
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("manifest.csv")));
        String[][] extra = {{"B_missing", "Q1", "images/no_such_scan.nii.gz"}, {"B_corrupt_gzip", "Q2", "broken_corrupt.nii.gz"},
            {"B_truncated", "Q3", "broken_truncated.nii.gz"}, {"B_not_nifti", "Q4", "broken_text.nii"},
            {"B_oversize", "Q5", "broken_oversize.nii"}};
        for (String[] e : extra) { // in PhantomCohort.MANIFEST_COLUMNS order
            lines.add(Csv.FORMAT.format(e[0], e[1], e[2], "", "50", "F", "A", "false", "", "", "1", "3x3x3", "RAS",
                    "int16"));
        }
        Files.write(dir.resolve("manifest.csv"), lines, StandardCharsets.UTF_8);
        return dir.resolve("manifest.csv");
    }

    /** A valid NIfTI-1 header declaring 30000^3 int16 voxels and no data. */
    private static void writeOversizeHeader(Path file) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(352).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 348);
        short[] dim = {3, 30000, 30000, 30000, 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, dim[i]);
            b.putFloat(76 + 4 * i, 1f);
        }
        b.putShort(70, (short) 4);
        b.putShort(72, (short) 16);
        b.putFloat(108, 352);
        b.put(344, new byte[] {'n', '+', '1', 0});
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(b.array());
        }
    }
}
