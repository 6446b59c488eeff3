package org.cohortseg.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Shape;
import org.cohortseg.io.CohortsegHome;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiWriter;
import org.cohortseg.nifti.ScaleFactors;
import org.cohortseg.nifti.VoxelArray;

/**
 * Broken scans of every kind a hostile but fair user brings: each a file (or a path) with the
 * exception class its FAILED row must name and a part of the message that says why.
 */
final class HostileInputs {
    /** NIfTI-1 header field offsets. */
    private static final int DIM = 40;
    private static final int DATATYPE = 70;
    private static final int BITPIX = 72;
    private static final int PIXDIM = 76;
    private static final int VOX_OFFSET = 108;
    private static final int SCL_INTER = 116;
    private static final int QFORM_CODE = 252;
    private static final int SFORM_CODE = 254;
    private static final int QUATERN_B = 256;
    private static final int QOFFSET_X = 268;
    private static final int SROW_X = 280;
    private static final int MAGIC = 344;

    /** A scan of the manifest and what its row must say. */
    record Case(String scanId, String path, String errorClass, String message) {
    }

    private final Path dir;
    private final List<Case> cases = new ArrayList<>();

    private HostileInputs(Path dir) {
        this.dir = dir;
    }

    /** Writes every broken file into {@code dir} and returns the cases. */
    static List<Case> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        HostileInputs h = new HostileInputs(dir);
        h.headers();
        h.data();
        h.geometry();
        h.content();
        h.paths();
        h.dicom();
        return h.cases;
    }

    private void headers() throws IOException {
        byte[] good = nifti(tissue(), false);
        file("H_text", "text.nii", "this is a note, not an image\n".repeat(30).getBytes(), "InvalidHeaderException", "sizeof_hdr");
        file("H_empty", "empty.nii", new byte[0], "TruncatedDataException", "header");
        file("H_short_header", "short.nii", Arrays.copyOf(good, 100), "TruncatedDataException", "header");
        file("H_bad_magic", "magic.nii", patched(good, b -> b.put(MAGIC, (byte) 'x')), "InvalidHeaderException", "magic");
        file("H_dim_negative", "dimneg.nii", patched(good, b -> b.putShort(DIM + 2, (short) -5)), "InvalidHeaderException", "dim");
        file("H_dim_zero", "dimzero.nii", patched(good, b -> b.putShort(DIM + 4, (short) 0)), "InvalidHeaderException", "dim");
        file("H_dim0_nine", "dim0.nii", patched(good, b -> b.putShort(DIM, (short) 9)), "InvalidHeaderException", "dim");
        file("H_4d", "fourd.nii", patched(good, b -> {
            b.putShort(DIM, (short) 4);
            b.putShort(DIM + 8, (short) 2);
        }), "UnsupportedDimensionsException", "time");
        file("H_complex", "complex.nii", patched(good, b -> {
            b.putShort(DATATYPE, (short) 32);
            b.putShort(BITPIX, (short) 64);
        }), "UnsupportedDatatypeException", "32");
        file("H_rgb", "rgb.nii", patched(good, b -> {
            b.putShort(DATATYPE, (short) 128);
            b.putShort(BITPIX, (short) 24);
        }), "UnsupportedDatatypeException", "128");
        file("H_oversize", "oversize.nii", patched(good, b -> {
            for (int a = 1; a <= 3; a++) {
                b.putShort(DIM + 2 * a, (short) 30000);
            }
        }), "VolumeTooLargeException", "exceeds the limit");
        file("H_offset_beyond", "offset.nii", patched(good, b -> b.putFloat(VOX_OFFSET, 1e7f)), "TruncatedDataException", "");
        file("H_scl_inter_nan", "inter.nii", patched(good, b -> {
            b.putFloat(SCL_INTER - 4, 1f);
            b.putFloat(SCL_INTER, Float.NaN);
        }), "InvalidHeaderException", "scl_inter");
    }

    private void data() throws IOException {
        byte[] raw = nifti(tissue(), false);
        byte[] gz = gzip(raw);
        byte[] corrupt = gz.clone();
        for (int i = gz.length / 3; i < gz.length / 3 + 32; i++) {
            corrupt[i] ^= (byte) 0x5A;
        }
        file("D_truncated_raw", "trunc.nii", Arrays.copyOf(raw, raw.length / 2), "TruncatedDataException", "voxel data");
        file("D_truncated_gz", "trunc.nii.gz", Arrays.copyOf(gz, gz.length / 2), "TruncatedDataException", "");
        file("D_corrupt_gz", "corrupt.nii.gz", corrupt, "CorruptCompressionException", "");
        file("D_gzip_of_text", "text.nii.gz", gzip("a note\n".repeat(100).getBytes()), "InvalidHeaderException", "sizeof_hdr");
        file("D_double_gzip", "double.nii.gz", gzip(gz), "InvalidHeaderException", "sizeof_hdr");
        // a .zip is taken for a zipped DICOM series: one that holds no DICOM is refused as such
        file("D_zip", "archive.zip", patched(raw, b -> b.putInt(0, 0x04034b50)), "DicomException", "no DICOM images");
    }

    private void geometry() throws IOException {
        byte[] g = nifti(tissue(), false);
        file("G_srow_nan", "srownan.nii", patched(g, b -> b.putFloat(SROW_X, Float.NaN)), "InvalidGeometryException", "srow_x[0] is NaN");
        file("G_srow_inf", "srowinf.nii", patched(g, b -> b.putFloat(SROW_X + 16 * 2 + 12, Float.POSITIVE_INFINITY)),
                "InvalidGeometryException", "srow_z[3] is Infinity");
        file("G_sform_singular", "singular.nii", patched(g, b -> {
            for (int i = 0; i < 4; i++) {
                b.putFloat(SROW_X + 16 + 4 * i, b.getFloat(SROW_X + 4 * i)); // srow_y = srow_x
            }
            b.putFloat(SROW_X + 16 + 4, 0f);
            b.putFloat(SROW_X, 3f);
            b.putFloat(SROW_X + 16, 3f);
        }), "InvalidGeometryException", "singular");
        file("G_quatern_nan", "quatnan.nii", patched(g, b -> {
            b.putShort(SFORM_CODE, (short) 0);
            b.putShort(QFORM_CODE, (short) 1);
            b.putFloat(QUATERN_B, Float.NaN);
        }), "InvalidGeometryException", "quatern_b is NaN");
        file("G_qoffset_inf", "qoffinf.nii", patched(g, b -> {
            b.putShort(SFORM_CODE, (short) 0);
            b.putShort(QFORM_CODE, (short) 1);
            b.putFloat(QOFFSET_X + 4, Float.NEGATIVE_INFINITY);
        }), "InvalidGeometryException", "qoffset_y is -Infinity");
        file("G_pixdim_huge", "pixhuge.nii", patched(g, b -> b.putFloat(PIXDIM + 12, 1e6f)), "InvalidGeometryException", "pixdim[3]");
        file("G_pixdim_30", "pix30.nii", patched(g, b -> {
            for (int a = 1; a <= 3; a++) {
                b.putFloat(PIXDIM + 4 * a, 30f);
            }
        }), "InvalidGeometryException", "pixdim[1] = 30.0 mm is outside the plausible");
        file("G_pixdim_zero", "pixzero.nii", patched(g, b -> b.putFloat(PIXDIM + 8, 0f)), "InvalidHeaderException",
                "pixdim[2] = 0.0 is not a positive voxel size");
        file("G_pixdim_nan", "pixnan.nii", patched(g, b -> b.putFloat(PIXDIM + 4, Float.NaN)), "InvalidHeaderException",
                "pixdim[1] = NaN is not a positive voxel size");
        file("G_pixdim_tiny", "pixtiny.nii", patched(g, b -> b.putFloat(PIXDIM + 4, 0.001f)), "InvalidGeometryException", "pixdim[1]");
        file("G_sform_huge", "sformhuge.nii", patched(g, b -> b.putFloat(SROW_X, 100f)), "InvalidGeometryException",
                "sform voxel size along axis 0");
    }

    private void content() throws IOException {
        Shape s = new Shape(16, 16, 16);
        file("C_air", "air.nii.gz", nifti(filled(s, -1024), true), "NoBodyException", "no body in the image: 0.0 ml");
        short[] speck = new short[s.voxels()];
        Arrays.fill(speck, (short) -1024);
        for (int z = 6; z < 9; z++) {
            for (int y = 6; y < 9; y++) {
                for (int x = 6; x < 9; x++) {
                    speck[s.index(x, y, z)] = 40;
                }
            }
        }
        file("C_speck", "speck.nii.gz", nifti(image(s, VoxelArray.ofInt16(speck), 3), true), "NoBodyException", "0.7 ml");
        float[] nan = new float[s.voxels()];
        Arrays.fill(nan, 40f);
        nan[s.index(3, 4, 5)] = Float.NaN;
        file("C_nan", "nan.nii.gz", nifti(image(s, VoxelArray.ofFloat32(nan), 3), true), "InvalidImageDataException",
                "1 voxels are NaN or infinite, the first at voxel (3, 4, 5)");
        float[] inf = new float[s.voxels()];
        Arrays.fill(inf, 40f);
        inf[7] = Float.NEGATIVE_INFINITY;
        inf[9] = Float.POSITIVE_INFINITY;
        file("C_inf", "inf.nii.gz", nifti(image(s, VoxelArray.ofFloat32(inf), 3), true), "InvalidImageDataException",
                "2 voxels are NaN or infinite");
        byte[] flat = new byte[1000 * 1000];
        Arrays.fill(flat, (byte) 100);
        file("C_grid_memory", "wide.nii.gz", nifti(image(new Shape(1000, 1000, 1), VoxelArray.ofUint8(flat), 19), true),
                "ModelGridTooLargeException", "GiB, more than the");
        byte[] wider = new byte[3000 * 3000];
        Arrays.fill(wider, (byte) 100);
        file("C_grid_voxels", "wider.nii.gz", nifti(image(new Shape(3000, 3000, 1), VoxelArray.ofUint8(wider), 19), true),
                "ModelGridTooLargeException", "above the limit of 2^31-9 voxels");
    }

    private void paths() throws IOException {
        cases.add(new Case("P_missing", "no_such_scan.nii.gz", "FileNotFoundException", "no_such_scan"));
        Files.createDirectories(dir.resolve("a_folder.nii.gz"));
        cases.add(new Case("P_directory", "a_folder.nii.gz", "FileNotFoundException", "a_folder"));
        cases.add(new Case("P_credentials", "s3a://AKIASENTINELKEY:SENTINEL/SECRET@bucket/ct.nii.gz", "InvalidScanPathException",
                "s3a://***@bucket/ct.nii.gz holds credentials"));
        cases.add(new Case("P_blank", "", "InvalidScanPathException", "no path"));
        cases.add(new Case("P_scheme", "nosuchfs://host/ct.nii.gz", "UnsupportedFileSystemException", "nosuchfs"));
    }

    /** Zipped DICOM series that are not one volume, or not DICOM (test-resources/golden/dicom). */
    private void dicom() throws IOException {
        Path series = CohortsegHome.resolve("test-resources/golden/dicom/series");
        file("Z_missing_slice", "missing_slice.zip", zip(series.resolve("missing_slice"), -1), "InconsistentSeriesException", "missing slice");
        file("Z_two_series", "two_series.zip", zip(series.resolve("two_series"), -1), "InconsistentSeriesException", "holds 2 series");
        file("Z_duplicate", "duplicate.zip", zip(series.resolve("duplicate_slice"), -1), "InconsistentSeriesException",
                "duplicate slice position");
        file("Z_truncated", "truncated.zip", zip(series.resolve("explicit_le"), 1200), "DicomException", "truncated");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(text)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        file("Z_not_dicom", "notes.zip", text.toByteArray(), "DicomException", "no DICOM images");
    }

    /** A folder's files zipped; with {@code cutAt} >= 0 the last file is cut to that many bytes. */
    private static byte[] zip(Path folder, int cutAt) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Path> files;
        try (var list = Files.list(folder)) {
            files = list.sorted().toList();
        }
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path f : files) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                byte[] content = Files.readAllBytes(f);
                zip.write(cutAt >= 0 && f.equals(files.get(files.size() - 1)) ? Arrays.copyOf(content, cutAt) : content);
            }
        }
        return bytes.toByteArray();
    }

    /** Writes a small valid scan (a 48 mm cube of soft tissue) that segments in a fraction of a phantom's time. */
    static void writeSmallScan(Path file) throws IOException {
        Files.write(file, nifti(tissue(), true));
    }

    private void file(String id, String name, byte[] bytes, String errorClass, String message) throws IOException {
        Files.write(dir.resolve(name), bytes);
        cases.add(new Case(id, name, errorClass, message));
    }

    /** 16^3 voxels of 40 HU at 3 mm: 110 ml of soft tissue. */
    private static NiftiImage tissue() {
        return filled(new Shape(16, 16, 16), 40);
    }

    private static NiftiImage filled(Shape s, int hu) {
        short[] v = new short[s.voxels()];
        Arrays.fill(v, (short) hu);
        return image(s, VoxelArray.ofInt16(v), 3);
    }

    private static NiftiImage image(Shape s, VoxelArray voxels, double mm) {
        return new NiftiImage(s, voxels, Affine.scaling(mm, mm, mm), new double[] {mm, mm, mm}, ScaleFactors.IDENTITY);
    }

    private static byte[] nifti(NiftiImage image, boolean gzip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NiftiWriter().write(image, out, gzip);
        return out.toByteArray();
    }

    private static byte[] patched(byte[] nifti, Consumer<ByteBuffer> patch) {
        byte[] copy = nifti.clone();
        patch.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        return copy;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
