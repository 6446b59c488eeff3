package org.cohortseg.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Shape;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libdeflate path reads exactly what the JDK's streaming path reads, and hands the files it
 * cannot take whole (several gzip members, data after the voxels) to the streaming path. The
 * golden and integrity tests run through it too wherever it is built.
 */
class NativeGunzipTest {
    private static final NiftiReader NATIVE = new NiftiReader(ReadLimits.DEFAULT, true);
    private static final NiftiReader JDK = new NiftiReader(ReadLimits.DEFAULT, false);

    @Test
    void theDecoderIsBuiltAndLoadsWhereLibdeflateIsInstalled() {
        boolean linuxX64 = "Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch"));
        assumeTrue(linuxX64 && Files.exists(Path.of("/usr/include/libdeflate.h")),
                "libdeflate-dev is not installed: the build made no native gzip decoder (the JDK's is used)");
        assertTrue(NativeGunzip.available(), "libdeflate-dev is installed but the native decoder did not load");
    }

    @Test
    void everyGoodGoldenGzipFileReadsTheSameBothWays() throws IOException {
        assumeTrue(NativeGunzip.available(), "no native gzip decoder in this build");
        Path golden = CohortsegHome.resolve("test-resources/golden/nifti");
        List<Path> files = new ArrayList<>();
        for (JsonNode entry : new ObjectMapper().readTree(golden.resolve("expected.json").toFile()).get("good")) {
            if (entry.get("file").asText().endsWith(".gz")) {
                files.add(golden.resolve(entry.get("file").asText()));
            }
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            assertSame(JDK.read(file), NATIVE.read(file), file.getFileName().toString());
        }
    }

    @Test
    void severalGzipMembersAndTrailingDataFallBackToStreaming(@TempDir Path tmp) throws IOException {
        assumeTrue(NativeGunzip.available(), "no native gzip decoder in this build");
        short[] v = new short[30 * 20 * 10];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (i * 7 % 3000 - 1000);
        }
        NiftiImage image = NiftiImage.of(new Shape(30, 20, 10), VoxelArray.ofInt16(v), Affine.scaling(1, 2, 3));
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        new NiftiWriter().write(image, plain, false);
        byte[] nii = plain.toByteArray();
        byte[] twoMembers = concat(gzip(Arrays.copyOf(nii, 5000)), gzip(Arrays.copyOfRange(nii, 5000, nii.length)));
        byte[] trailing = gzip(concat(nii, new byte[1234]));
        for (byte[] bytes : List.of(twoMembers, trailing)) {
            Path file = Files.write(tmp.resolve("scan.nii.gz"), bytes);
            assertSame(image, NATIVE.read(file), "file");
            assertSame(image, NATIVE.read(new ByteArrayInputStream(bytes), "stream"), "stream");
        }
    }

    private static void assertSame(NiftiImage expected, NiftiImage actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        assertEquals(expected.affine(), actual.affine(), what);
        double[] e = new double[expected.shape().voxels()];
        double[] a = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected.voxels().get(i);
            a[i] = actual.voxels().get(i);
        }
        assertArrayEquals(e, a, what);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
