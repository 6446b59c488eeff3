package org.cohortseg.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Parses and encodes NIfTI-1 (348-byte) and NIfTI-2 (540-byte) single-file headers. The byte order
 * is detected from {@code sizeof_hdr}; only single-file magics ({@code n+1}, {@code n+2}) are accepted.
 */
public final class NiftiHeaderCodec {
    /** NIfTI-1 header size in bytes. */
    public static final int NIFTI1_SIZE = 348;
    /** NIfTI-2 header size in bytes. */
    public static final int NIFTI2_SIZE = 540;
    /** Header plus the 4-byte extension flag: the smallest voxel offset of a NIfTI-1 file. */
    static final int NIFTI1_MIN_OFFSET = 352;
    static final int NIFTI2_MIN_OFFSET = 544;
    private static final byte[] MAGIC2 = {'n', '+', '2', 0, '\r', '\n', 0x1A, '\n'};

    private NiftiHeaderCodec() {
    }

    /**
     * Detects the header version and byte order from the first four bytes ({@code sizeof_hdr}).
     *
     * @return the header size (348 or 540) and byte order
     * @throws InvalidHeaderException when {@code sizeof_hdr} is neither 348 nor 540 in either byte order
     */
    public static Detected detect(byte[] first4, String source) throws InvalidHeaderException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int size = ByteBuffer.wrap(first4).order(order).getInt();
            if (size == NIFTI1_SIZE || size == NIFTI2_SIZE) {
                return new Detected(size, order);
            }
        }
        throw new InvalidHeaderException(source, "not a NIfTI file: sizeof_hdr is "
                + ByteBuffer.wrap(first4).order(ByteOrder.LITTLE_ENDIAN).getInt()
                + " (little-endian), expected 348 (NIfTI-1) or 540 (NIfTI-2)");
    }

    /** Header size and byte order found by {@link #detect}. */
    public record Detected(int headerSize, ByteOrder order) {
    }

    /**
     * Parses a complete header ({@code bytes.length} = 348 or 540).
     *
     * @throws InvalidHeaderException bad magic, dimensions or offsets
     * @throws UnsupportedDatatypeException datatype outside the supported set
     */
    public static NiftiHeader parse(byte[] bytes, ByteOrder order, String source) throws NiftiException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        return bytes.length == NIFTI2_SIZE ? parse2(b, source) : parse1(b, source);
    }

    private static NiftiHeader parse1(ByteBuffer b, String source) throws NiftiException {
        String magic = new String(bytes(b, 344, 4), StandardCharsets.ISO_8859_1);
        if (magic.startsWith("ni1")) {
            throw new InvalidHeaderException(source, "header/image file pairs (.hdr/.img) are not supported; "
                    + "convert to a single .nii or .nii.gz");
        }
        if (!magic.equals("n+1\0")) {
            throw new InvalidHeaderException(source, "bad NIfTI-1 magic '" + printable(magic) + "', expected 'n+1'");
        }
        long[] dim = new long[8];
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getShort(40 + 2 * i);
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        NiftiDataType type = NiftiDataType.fromCode(b.getShort(70), source);
        double voxOffset = b.getFloat(108);
        double[] srow = new double[12];
        for (int i = 0; i < 12; i++) {
            srow[i] = b.getFloat(280 + 4 * i);
        }
        return validate(new NiftiHeader(1, b.order(), dim, pixdim, type, offset(voxOffset, NIFTI1_MIN_OFFSET, source),
                b.getFloat(112), b.getFloat(116), b.getShort(252), b.getShort(254),
                new double[] {b.getFloat(256), b.getFloat(260), b.getFloat(264)},
                new double[] {b.getFloat(268), b.getFloat(272), b.getFloat(276)},
                srow, b.get(123) & 0xFF, text(b, 148, 80)), source);
    }

    private static NiftiHeader parse2(ByteBuffer b, String source) throws NiftiException {
        byte[] magic = bytes(b, 4, 8);
        if (!java.util.Arrays.equals(magic, MAGIC2)) {
            throw new InvalidHeaderException(source, "bad NIfTI-2 magic '"
                    + printable(new String(magic, StandardCharsets.ISO_8859_1)) + "', expected 'n+2'");
        }
        long[] dim = new long[8];
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getLong(16 + 8 * i);
            pixdim[i] = b.getDouble(104 + 8 * i);
        }
        NiftiDataType type = NiftiDataType.fromCode(b.getShort(12), source);
        double[] srow = new double[12];
        for (int i = 0; i < 12; i++) {
            srow[i] = b.getDouble(400 + 8 * i);
        }
        return validate(new NiftiHeader(2, b.order(), dim, pixdim, type,
                offset(b.getLong(168), NIFTI2_MIN_OFFSET, source), b.getDouble(176), b.getDouble(184),
                b.getInt(344), b.getInt(348),
                new double[] {b.getDouble(352), b.getDouble(360), b.getDouble(368)},
                new double[] {b.getDouble(376), b.getDouble(384), b.getDouble(392)},
                srow, b.getInt(500), text(b, 240, 80)), source);
    }

    private static long offset(double voxOffset, int minimum, String source) throws InvalidHeaderException {
        if (!(voxOffset >= 0) || voxOffset != Math.rint(voxOffset) || voxOffset > Integer.MAX_VALUE) {
            throw new InvalidHeaderException(source, "invalid vox_offset " + voxOffset);
        }
        // vox_offset 0 in a single file means "right after the header and extension flag".
        return Math.max((long) voxOffset, minimum);
    }

    private static NiftiHeader validate(NiftiHeader h, String source) throws NiftiException {
        long[] dim = h.dim();
        if (dim[0] < 1 || dim[0] > 7) {
            throw new InvalidHeaderException(source, "dim[0] = " + dim[0] + " is not a number of dimensions in 1..7");
        }
        for (int i = 1; i <= dim[0]; i++) {
            if (dim[i] < 1) {
                throw new InvalidHeaderException(source, "dim[" + i + "] = " + dim[i] + " must be positive");
            }
        }
        for (int i = 4; i <= dim[0]; i++) {
            if (dim[i] > 1) {
                throw new UnsupportedDimensionsException(source, "only 3-D volumes are supported, dim[" + i + "] = "
                        + dim[i] + (i == 4 ? " time points" : "") + " (dim = " + java.util.Arrays.toString(dim) + ")");
            }
        }
        for (int axis = 0; axis < 3; axis++) {
            double size = h.voxelSize(axis);
            if (axis < dim[0] && !(size > 0 && Double.isFinite(size))) {
                throw new InvalidHeaderException(source, "pixdim[" + (axis + 1) + "] = " + size
                        + " is not a positive voxel size");
            }
        }
        return h;
    }

    /** Encodes a NIfTI-1 single-file header plus a zero extension flag (352 bytes) in the header's byte order. */
    public static byte[] encodeNifti1(NiftiHeader h) {
        ByteBuffer b = ByteBuffer.allocate(NIFTI1_MIN_OFFSET).order(h.byteOrder());
        b.putInt(0, NIFTI1_SIZE);
        b.put(38, (byte) 'r');
        long[] dim = h.dim();
        double[] pixdim = h.pixdim();
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, (short) dim[i]);
            b.putFloat(76 + 4 * i, (float) pixdim[i]);
        }
        b.putShort(70, (short) h.datatype().code());
        b.putShort(72, (short) h.datatype().bitpix());
        b.putFloat(108, h.voxOffset());
        b.putFloat(112, (float) h.sclSlope());
        b.putFloat(116, (float) h.sclInter());
        b.put(123, (byte) h.xyztUnits());
        byte[] descrip = h.description().getBytes(StandardCharsets.ISO_8859_1);
        b.put(148, descrip, 0, Math.min(descrip.length, 79));
        b.putShort(252, (short) h.qformCode());
        b.putShort(254, (short) h.sformCode());
        double[] q = h.quatern();
        double[] o = h.qoffset();
        for (int i = 0; i < 3; i++) {
            b.putFloat(256 + 4 * i, (float) q[i]);
            b.putFloat(268 + 4 * i, (float) o[i]);
        }
        double[] srow = h.srow();
        for (int i = 0; i < 12; i++) {
            b.putFloat(280 + 4 * i, (float) srow[i]);
        }
        b.put(344, new byte[] {'n', '+', '1', 0});
        return b.array();
    }

    private static byte[] bytes(ByteBuffer b, int at, int n) {
        byte[] out = new byte[n];
        b.get(at, out);
        return out;
    }

    private static String text(ByteBuffer b, int at, int n) {
        byte[] raw = bytes(b, at, n);
        int len = 0;
        while (len < n && raw[len] != 0) {
            len++;
        }
        return new String(raw, 0, len, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
