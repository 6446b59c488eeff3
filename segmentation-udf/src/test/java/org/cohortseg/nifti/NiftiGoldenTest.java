package org.cohortseg.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Orientation;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our NIfTI codec against nibabel, on the golden fixtures made by
 * {@code test-resources/golden/nifti/make_fixtures.py} (rerun it with {@code /usr/bin/python3} to
 * regenerate {@code files/} and {@code expected.json}).
 *
 * <p>Tolerances:
 * <ul>
 *   <li>Affines: {@value #AFFINE_TOLERANCE} absolute. An sform is copied from float32 fields by
 *       both readers and agrees exactly, but nibabel builds the qform partly in float32 (the
 *       quaternion b, c, d and pixdim are float32 arrays) and partly in long double, while Java
 *       works in double: rotation entries times voxel sizes differ by a few 1e-7.</li>
 *   <li>Voxel sizes, header fields, shapes and the first/last values: exact (the same float32 or
 *       float64 numbers, and the scaling is the same two IEEE operations, raw * slope + inter, in
 *       float64 in both).</li>
 *   <li>Checksums of the scaled values: exact where the script flags them exact (integers, all
 *       partial sums below 2^53, so any summation order gives the same number), otherwise
 *       {@value #RELATIVE} relative to the sum of the absolute terms (the script sums with
 *       math.fsum, Java with Neumaier's compensated sum).</li>
 * </ul>
 */
class NiftiGoldenTest {
    private static final double AFFINE_TOLERANCE = 1e-5;
    private static final double RELATIVE = 1e-12;
    /** float32 storage of the affine in the written file: relative 2^-23 at most, with margin. */
    private static final double FLOAT32_RELATIVE = 1e-6;
    private static final Path GOLDEN = root().resolve("test-resources/golden/nifti");
    private static final JsonNode EXPECTED = readExpected();

    // ---------------------------------------------------------------------------------------------
    // fixtures
    // ---------------------------------------------------------------------------------------------

    static Path root() {
        return CohortsegHome.root();
    }

    private static JsonNode readExpected() {
        try {
            return new ObjectMapper().readTree(GOLDEN.resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + GOLDEN.resolve("expected.json"), e);
        }
    }

    static Stream<Arguments> goodFiles() {
        return entries("good");
    }

    static Stream<Arguments> badFiles() {
        return entries("bad");
    }

    private static Stream<Arguments> entries(String list) {
        return StreamSupport.stream(EXPECTED.get(list).spliterator(), false)
                .map(e -> Arguments.of(Named.of(e.get("name").asText(), e)));
    }

    private static Path fileOf(JsonNode entry) {
        return GOLDEN.resolve(entry.get("file").asText());
    }

    // ---------------------------------------------------------------------------------------------
    // good files
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void headerFieldsMatchNibabel(JsonNode entry) throws IOException {
        assertHeader(entry, new NiftiReader().readHeader(fileOf(entry)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void geometryMatchesNibabel(JsonNode entry) throws IOException {
        assertGeometry(entry, new NiftiReader().read(fileOf(entry)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void scaledValuesMatchGetFdata(JsonNode entry) throws IOException {
        assertValues(entry, new NiftiReader().read(fileOf(entry)), "original");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void streamReadEqualsFileRead(JsonNode entry) throws IOException {
        NiftiImage fromFile = new NiftiReader().read(fileOf(entry));
        NiftiImage fromStream;
        try (InputStream in = Files.newInputStream(fileOf(entry))) {
            fromStream = new NiftiReader().read(in, entry.get("name").asText());
        }
        assertEquals(fromFile.affine(), fromStream.affine());
        assertSameVoxels(fromFile, fromStream, "stream");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void closestCanonicalMatchesNibabel(JsonNode entry) throws IOException {
        NiftiImage image = new NiftiReader().read(fileOf(entry));
        assertCanonical(entry, image);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void canonicalInverseRestoresTheOriginal(JsonNode entry) throws IOException {
        NiftiImage image = new NiftiReader().read(fileOf(entry));
        Reorientation toCanonical = Reorientation.toCanonical(image.affine(), image.shape());
        NiftiImage back = image.reoriented(toCanonical).reoriented(toCanonical.inverse());
        assertEquals(image.shape(), back.shape());
        assertAffine(image.affine(), back.affine(), 1e-9, "affine after canonical and back");
        assertArrayEquals(image.voxelSizes(), back.voxelSizes(), "voxel sizes after canonical and back");
        assertSameVoxels(image, back, "canonical and back");
    }

    /**
     * Write with NiftiWriter (.nii.gz), read back: same stored voxels and values; voxel sizes, scaling
     * and affine as float32 (the writer emits NIfTI-1, whose fields are float32, also for NIfTI-2 input).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void writerRoundTripKeepsValuesAndAffine(JsonNode entry, @TempDir Path tmp) throws IOException {
        NiftiImage image = new NiftiReader().read(fileOf(entry));
        Path written = tmp.resolve("roundtrip.nii.gz");
        new NiftiWriter().write(image, written);
        NiftiImage back = new NiftiReader().read(written);

        assertEquals(image.shape(), back.shape());
        assertEquals(image.voxels().type(), back.voxels().type());
        ScaleFactors scale = image.scale();
        assertEquals(new ScaleFactors((float) scale.slope(), (float) scale.inter()), back.scale(), "scaling");
        double[] sizes = image.voxelSizes();
        assertArrayEquals(new double[] {(float) sizes[0], (float) sizes[1], (float) sizes[2]}, back.voxelSizes(),
                "voxel sizes");
        // every fixture's scaling is float32-representable, so the values survive exactly
        assertSameVoxels(image, back, "round trip");
        assertAffineFloat32(image.affine(), back.affine(), "round-trip affine (the sform)");
        assertEquals(Orientation.of(image.affine()).codes(), Orientation.of(back.affine()).codes(), "axis codes");
        NiftiHeader h = new NiftiReader().readHeader(written);
        assertEquals(1, h.version());
        assertEquals(1, h.sformCode());
    }

    /**
     * The writer's qform must describe the same grid as its sform where it sets qform_code 1:
     * readers that prefer the qform (or only read it) must not see another geometry.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("goodFiles")
    void writerQformAgreesWithItsSform(JsonNode entry, @TempDir Path tmp) throws IOException {
        NiftiImage image = new NiftiReader().read(fileOf(entry));
        Path written = tmp.resolve("roundtrip.nii");
        new NiftiWriter().write(image, written);
        NiftiHeader h = new NiftiReader().readHeader(written);
        if (h.qformCode() == 0) {
            assertFalse(rotationTimesVoxelSizes(image), "the writer dropped a qform that the affine allows: "
                    + entry.get("name").asText());
            return;
        }
        assertAffine(HeaderGeometry.sform(h), HeaderGeometry.qform(h), AFFINE_TOLERANCE,
                "qform written for " + entry.get("name").asText() + " (pixdim " + java.util.Arrays.toString(h.pixdim())
                        + ") vs its sform");
    }

    /** Whether the affine's 3x3 part is an orthogonal matrix times the declared voxel sizes. */
    private static boolean rotationTimesVoxelSizes(NiftiImage image) {
        Affine a = image.affine();
        double[] sizes = image.voxelSizes();
        for (int i = 0; i < 3; i++) {
            if (Math.abs(a.columnNorm(i) - sizes[i]) > 1e-5 * sizes[i]) {
                return false;
            }
            for (int j = i + 1; j < 3; j++) {
                double dot = a.get(0, i) * a.get(0, j) + a.get(1, i) * a.get(1, j) + a.get(2, i) * a.get(2, j);
                if (Math.abs(dot) > 1e-5 * sizes[i] * sizes[j]) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // bad files and the fixture list
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFileThrowsTheNamedException(JsonNode entry) throws IOException {
        Path file = fileOf(entry);
        String expected = entry.get("exception").asText();
        String why = entry.get("why").asText();

        NiftiException fromPath = assertThrows(NiftiException.class, () -> new NiftiReader().read(file), why);
        assertEquals(expected, fromPath.getClass().getSimpleName(), () -> why + ": got " + fromPath);
        assertTrue(fromPath.getMessage().contains(file.getFileName().toString()),
                () -> "message does not name the file: " + fromPath.getMessage());

        String source = "stream:" + entry.get("name").asText();
        NiftiException fromStream = assertThrows(NiftiException.class, () -> {
            try (InputStream in = Files.newInputStream(file)) {
                new NiftiReader().read(in, source);
            }
        }, why);
        assertEquals(expected, fromStream.getClass().getSimpleName(), () -> why + " (stream): got " + fromStream);
        assertTrue(fromStream.getMessage().startsWith(source + ": "), fromStream::getMessage);
    }

    @Test
    void everyFixtureFileIsListedOnce() throws IOException {
        Set<String> listed = new TreeSet<>();
        List<String> duplicates = new ArrayList<>();
        for (String list : new String[] {"good", "bad"}) {
            for (JsonNode e : EXPECTED.get(list)) {
                if (!listed.add(e.get("file").asText())) {
                    duplicates.add(e.get("file").asText());
                }
            }
        }
        Set<String> present;
        try (Stream<Path> files = Files.list(GOLDEN.resolve("files"))) {
            present = files.map(p -> "files/" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(List.of(), duplicates, "listed twice");
        assertEquals(present, listed, "files/ and expected.json disagree: rerun make_fixtures.py");
        assertTrue(EXPECTED.get("good").size() >= 30 && EXPECTED.get("bad").size() >= 10, "fixture lists too short");
    }

    // ---------------------------------------------------------------------------------------------
    // the real CT
    // ---------------------------------------------------------------------------------------------

    @Test
    void exampleCtMatchesNibabel() throws IOException {
        JsonNode entry = EXPECTED.get("example_ct");
        Path ct = root().resolve("../shared/data/example_ct.nii.gz").normalize();
        Assumptions.assumeTrue(Files.exists(ct), ct + " is absent (../shared/data not mounted): skipping");
        Assumptions.assumeTrue(entry != null, "expected.json has no example_ct: rerun make_fixtures.py where the CT exists");

        NiftiHeader header = new NiftiReader().readHeader(ct);
        NiftiImage image = new NiftiReader().read(ct);
        assertEquals(new Shape(122, 101, 112), image.shape());
        assertEquals(NiftiDataType.INT32, header.datatype());
        assertArrayEquals(new double[] {3, 3, 3}, image.voxelSizes());
        assertEquals("RAS", Orientation.of(image.affine()).codes());
        assertEquals(2, header.sformCode());

        assertHeader(entry, header);
        assertGeometry(entry, image);
        assertValues(entry, image, "original");
        assertCanonical(entry, image);
    }

    // ---------------------------------------------------------------------------------------------
    // assertions shared by the fixtures and the real CT
    // ---------------------------------------------------------------------------------------------

    private static void assertHeader(JsonNode entry, NiftiHeader h) {
        JsonNode e = entry.get("header");
        String at = entry.get("name").asText() + " header ";
        assertEquals(e.get("sizeof_hdr").asInt(), h.version() == 2 ? 540 : 348, at + "sizeof_hdr");
        assertEquals(e.get("byte_order").asText().equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                h.byteOrder(), at + "byte order");
        assertArrayEquals(longs(e.get("dim")), h.dim(), at + "dim");
        assertArrayEquals(doubles(e.get("pixdim")), h.pixdim(), at + "pixdim");
        assertEquals(e.get("datatype").asInt(), h.datatype().code(), at + "datatype");
        assertEquals(num(e.get("vox_offset")), h.voxOffset(), 0.0, at + "vox_offset");
        assertEquals(num(e.get("scl_slope")), h.sclSlope(), 0.0, at + "scl_slope");
        assertEquals(num(e.get("scl_inter")), h.sclInter(), 0.0, at + "scl_inter");
        assertEquals(e.get("qform_code").asInt(), h.qformCode(), at + "qform_code");
        assertEquals(e.get("sform_code").asInt(), h.sformCode(), at + "sform_code");
        assertEquals(e.get("xyzt_units").asInt(), h.xyztUnits(), at + "xyzt_units");
        assertEquals(e.get("descrip").asText(), h.description(), at + "descrip");
    }

    private static void assertGeometry(JsonNode entry, NiftiImage image) {
        String at = entry.get("name").asText() + " ";
        assertShape(entry.get("shape"), image.shape(), at + "shape");
        assertAffine(affine(entry.get("affine")), image.affine(), AFFINE_TOLERANCE, at + "affine");
        assertEquals(entry.get("axcodes").asText(), Orientation.of(image.affine()).codes(), at + "axis codes");
        assertArrayEquals(doubles(entry.get("zooms")), image.voxelSizes(), at + "zooms");
    }

    private static void assertCanonical(JsonNode entry, NiftiImage image) {
        JsonNode c = entry.get("canonical");
        String at = entry.get("name").asText() + " canonical ";
        NiftiImage canonical = image.reoriented(Reorientation.toCanonical(image.affine(), image.shape()));
        assertShape(c.get("shape"), canonical.shape(), at + "shape");
        assertAffine(affine(c.get("affine")), canonical.affine(), AFFINE_TOLERANCE, at + "affine");
        assertEquals(c.get("axcodes").asText(), Orientation.of(canonical.affine()).codes(), at + "axis codes");
        assertValues(c, canonical, entry.get("name").asText() + " canonical");
    }

    /** Checksums and first/last values of the scaled values, in NIfTI order (= Fortran order). */
    private static void assertValues(JsonNode e, NiftiImage image, String what) {
        JsonNode sums = e.get("checksums");
        int n = image.voxels().size();
        assertEquals(sums.get("n").asInt(), n, what + ": voxel count");
        Neumaier sum = new Neumaier();
        Neumaier sumSq = new Neumaier();
        Neumaier weighted = new Neumaier();
        for (int i = 0; i < n; i++) {
            double v = image.value(i);
            sum.add(v);
            sumSq.add(v * v);
            weighted.add(v * (1 + i % 7));
        }
        boolean exact = sums.get("exact").asBoolean();
        double absSum = num(sums.get("abs_sum"));
        assertSum(num(sums.get("sum")), sum.value(), exact, absSum, what + ": sum");
        assertSum(num(sums.get("sum_sq")), sumSq.value(), exact, num(sums.get("sum_sq")), what + ": sum of squares");
        assertSum(num(sums.get("weighted")), weighted.value(), exact, 7 * absSum, what + ": position-weighted sum");

        double[] first = doubles(e.get("first5"));
        double[] last = doubles(e.get("last5"));
        for (int k = 0; k < first.length; k++) {
            assertEquals(first[k], image.value(k), 0.0, what + ": value " + k);
            int i = n - last.length + k;
            assertEquals(last[k], image.value(i), 0.0, what + ": value " + i);
        }
    }

    private static void assertSum(double expected, double actual, boolean exact, double scale, String what) {
        if (exact) {
            assertEquals(expected, actual, 0.0, what + " (exact)");
        } else {
            assertEquals(expected, actual, RELATIVE * Math.max(scale, Double.MIN_NORMAL), what);
        }
    }

    /** nibabel's shape may have trailing 1s (4-D with one time point); ours is the 3-D grid. */
    private static void assertShape(JsonNode expected, Shape actual, String what) {
        long[] shape = longs(expected);
        long[] three = {1, 1, 1};
        for (int i = 0; i < shape.length; i++) {
            if (i < 3) {
                three[i] = shape[i];
            } else {
                assertEquals(1, shape[i], what + ": extra dimension " + i);
            }
        }
        assertEquals(new Shape((int) three[0], (int) three[1], (int) three[2]), actual, what);
    }

    private static void assertAffine(Affine expected, Affine actual, double tolerance, String what) {
        assertTrue(expected.maxAbsDifference(actual) <= tolerance,
                () -> what + ": expected " + expected + " but was " + actual + " (max difference "
                        + expected.maxAbsDifference(actual) + ", tolerance " + tolerance + ")");
    }

    private static void assertAffineFloat32(Affine expected, Affine actual, String what) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                double e = expected.get(r, c);
                assertEquals(e, actual.get(r, c), FLOAT32_RELATIVE * Math.max(1, Math.abs(e)),
                        what + " [" + r + "," + c + "]: " + expected + " vs " + actual);
            }
        }
    }

    /** Same stored type and bit-identical raw values (NaN-safe), and identical scaled values. */
    private static void assertSameVoxels(NiftiImage expected, NiftiImage actual, String what) {
        VoxelArray a = expected.voxels();
        VoxelArray b = actual.voxels();
        assertEquals(a.type(), b.type(), what + ": type");
        assertEquals(a.size(), b.size(), what + ": size");
        boolean floating = a.type() == NiftiDataType.FLOAT32 || a.type() == NiftiDataType.FLOAT64;
        for (int i = 0; i < a.size(); i++) {
            if (floating) {
                assertEquals(Double.doubleToLongBits(a.get(i)), Double.doubleToLongBits(b.get(i)), what + ": voxel " + i);
            } else {
                assertEquals(a.getLong(i), b.getLong(i), what + ": voxel " + i);
            }
            assertEquals(expected.value(i), actual.value(i), 0.0, what + ": scaled voxel " + i);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // JSON helpers
    // ---------------------------------------------------------------------------------------------

    /** A number, or one of the strings "NaN", "Infinity", "-Infinity" (expected.json is strict JSON). */
    private static double num(JsonNode n) {
        return n.isTextual() ? Double.parseDouble(n.asText()) : n.doubleValue();
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = num(array.get(i));
        }
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    private static Affine affine(JsonNode rows) {
        double[] m = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                m[r * 4 + c] = num(rows.get(r).get(c));
            }
        }
        return Affine.ofRowMajor(m);
    }

    /** Compensated summation: the error does not grow with the number of terms. */
    private static final class Neumaier {
        private double sum;
        private double compensation;

        void add(double x) {
            double t = sum + x;
            compensation += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }

        double value() {
            return sum + compensation;
        }
    }
}
