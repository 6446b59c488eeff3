package org.cohortseg.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.io.CohortsegHome;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.pipeline.CtReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Series read as dcm2niix reads them (test-resources/golden/dicom, made by its make_fixtures.py:
 * synthetic series written with pydicom, re-encoded with dcmtk and gdcm, dcm2niix's NIfTI as the
 * reference), and the real JPEG 2000 series of ../shared/data: shape, affine within 1e-4 mm,
 * scaling, and every voxel (sha256 of the stored values). The tilted series as dcm2niix corrects
 * it, with air where no slice reaches and the origin its slices give (see tilt_corrected there).
 */
class DicomSeriesReaderTest {
    private static final Path DIR = CohortsegHome.resolve("test-resources/golden/dicom");
    private final DicomSeriesReader reader = new DicomSeriesReader();

    private static JsonNode expected(String name) throws IOException {
        return new ObjectMapper().readTree(DIR.resolve("expected.json").toFile()).get(name);
    }

    private static void assertAsDcm2niix(JsonNode expected, NiftiImage image) throws Exception {
        JsonNode shape = expected.get("shape");
        assertEquals(shape.get(0).asInt() + "x" + shape.get(1).asInt() + "x" + shape.get(2).asInt(), image.shape().toString());
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(expected.get("affine").get(r).get(c).asDouble(), image.affine().get(r, c), 1e-4, "affine " + r + "," + c);
            }
        }
        assertEquals(expected.get("scl_slope").asDouble(), image.scale().slope());
        assertEquals(expected.get("scl_inter").asDouble(), image.scale().inter());
        ByteBuffer voxels = ByteBuffer.allocate(2 * image.voxels().size()).order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        for (int i = 0; i < image.voxels().size(); i++) {
            voxels.putShort((short) image.voxels().getLong(i));
            sum += image.voxels().getLong(i);
        }
        assertEquals(expected.get("sum").asLong(), sum, "sum of stored values");
        assertEquals(expected.get("sha256").asText(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(voxels.array())));
    }

    @ParameterizedTest
    @CsvSource({"explicit_le, axial", "implicit_le, axial", "explicit_be, axial", "deflated, axial",
        "undefined_lengths, axial", "jpeg2000, axial", "rle, axial", "jpeg_lossless_sv1, axial", "jpeg_lossless_sv2, axial",
        "jpeg_lossless_sv3, axial", "jpeg_lossless_sv4, axial", "jpeg_lossless_sv5, axial", "jpeg_lossless_sv6, axial",
        "jpeg_lossless_sv7, axial", "shuffled, shuffled", "oblique, oblique", "signed, signed", "signed_rle, signed",
        "signed_jpeg_lossless, signed", "jpeg_ls, axial", "signed_jpeg_ls, signed", "jpeg_ls_near, jpeg_ls_near",
        "padded, padded", "tilted, tilted", "enhanced, enhanced", "enhanced_jpeg_lossless, enhanced"})
    void readsAsDcm2niix(String series, String reference) throws Exception {
        assertAsDcm2niix(expected(reference), reader.read(DIR.resolve("series").resolve(series)));
    }

    /** A zip archive reads as its folder (entries in any order, in subfolders, the extension in any case). */
    @Test
    void aZippedSeriesReadsAsItsFolder(@TempDir Path tmp) throws Exception {
        Path folder = DIR.resolve("series").resolve("shuffled");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                zip.putNextEntry(new ZipEntry("a/b/" + f.getFileName()));
                zip.write(Files.readAllBytes(f));
            }
        }
        Path archive = Files.write(tmp.resolve("scan.ZIP"), bytes.toByteArray());
        NiftiImage image = new CtReader(new NiftiReader()).read(archive);
        assertAsDcm2niix(expected("shuffled"), image);
    }

    @Test
    void theRealJpeg2000SeriesAsDcm2niix() throws Exception {
        Path real = CohortsegHome.root().resolve("../shared/data/example_ct_dicom").normalize();
        Assumptions.assumeTrue(Files.isDirectory(real), real + " is absent (../shared/data not mounted): skipping");
        assertAsDcm2niix(expected("real"), reader.read(real));
    }

    @ParameterizedTest
    @CsvSource({"missing_slice, missing slice", "duplicate_slice, duplicate slice position", "tilted, gantry tilt",
        "two_series, holds 2 series"})
    void refusesSeriesThatAreNotOneVolume(String series, String reason) {
        DicomSeriesReader refusing = new DicomSeriesReader(new Parallel(2), GantryTilt.REFUSE);
        InconsistentSeriesException e = assertThrows(InconsistentSeriesException.class,
                () -> refusing.read(DIR.resolve("series").resolve(series)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    /** A folder with two series: each read by its reference (folder#SeriesInstanceUID), an unknown one named. */
    @Test
    void aReferenceTakesOneSeriesOfAFolder() throws Exception {
        Path two = DIR.resolve("series").resolve("two_series");
        CtReader ct = new CtReader(new NiftiReader());
        assertAsDcm2niix(expected("axial"), ct.read(Path.of(two + "#1.2.826.0.1.3680043.10.1234.2")));
        NiftiImage other = ct.read(Path.of(two + "#1.2.826.0.1.3680043.10.1234.9"));
        assertEquals("24x20x10", other.shape().toString());
        DicomException e = assertThrows(DicomException.class, () -> ct.read(Path.of(two + "#1.2.3")));
        assertTrue(e.getMessage().contains("holds no series 1.2.3") && e.getMessage().contains("1.2.826.0.1.3680043.10.1234.9"),
                e.getMessage());
        InconsistentSeriesException both = assertThrows(InconsistentSeriesException.class, () -> ct.read(two));
        assertTrue(both.getMessage().contains(two + "#<SeriesInstanceUID>"), both.getMessage());
    }
}
