package org.cohortseg.nifti;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.cohortseg.geometry.Reorientation;

/**
 * Voxel values kept in their stored NIfTI type in one flat primitive array, x fastest, then y,
 * then z (NIfTI order). Values are never widened to double for the whole volume: a 512x512x1000
 * int16 CT takes 0.5 GB here instead of 2 GB as {@code double}.
 *
 * <p>Unsigned types share the array of the signed type of the same width and are widened on
 * access. Accessors return the raw stored value; scaling ({@code scl_slope/scl_inter}) is the
 * job of {@link ScaleFactors}.
 */
public abstract sealed class VoxelArray
        permits VoxelArray.ByteVoxels, VoxelArray.ShortVoxels, VoxelArray.IntVoxels,
                VoxelArray.LongVoxels, VoxelArray.FloatVoxels, VoxelArray.DoubleVoxels {

    private final NiftiDataType type;

    VoxelArray(NiftiDataType type) {
        this.type = type;
    }

    /** Allocates a zero-filled array of {@code n} voxels of the given type. */
    public static VoxelArray allocate(NiftiDataType type, int n) {
        return switch (type) {
            case UINT8, INT8 -> new ByteVoxels(type, new byte[n]);
            case INT16, UINT16 -> new ShortVoxels(type, new short[n]);
            case INT32, UINT32 -> new IntVoxels(type, new int[n]);
            case INT64 -> new LongVoxels(new long[n]);
            case FLOAT32 -> new FloatVoxels(new float[n]);
            case FLOAT64 -> new DoubleVoxels(new double[n]);
        };
    }

    /** Wraps (does not copy) signed 16-bit values. */
    public static VoxelArray ofInt16(short[] values) {
        return new ShortVoxels(NiftiDataType.INT16, Objects.requireNonNull(values));
    }

    /** Wraps (does not copy) unsigned 16-bit values, held in the bits of shorts. */
    public static VoxelArray ofUint16(short[] values) {
        return new ShortVoxels(NiftiDataType.UINT16, Objects.requireNonNull(values));
    }

    /** Wraps (does not copy) unsigned 8-bit values, e.g. a label map. */
    public static VoxelArray ofUint8(byte[] values) {
        return new ByteVoxels(NiftiDataType.UINT8, Objects.requireNonNull(values));
    }

    /** Wraps (does not copy) 32-bit floats. */
    public static VoxelArray ofFloat32(float[] values) {
        return new FloatVoxels(Objects.requireNonNull(values));
    }

    /** The stored datatype. */
    public final NiftiDataType type() {
        return type;
    }

    /** Number of voxels. */
    public abstract int size();

    /** The raw stored value of voxel {@code i} (unsigned types widened). */
    public abstract double get(int i);

    /** The raw stored value of voxel {@code i} as a long; floating types are truncated toward zero. */
    public abstract long getLong(int i);

    /** Sets voxel {@code i}, narrowing to the stored type as a Java cast does. */
    public abstract void set(int i, double value);

    /** Decodes {@code count} voxels from {@code src} (in its byte order) into positions {@code offset...}. */
    abstract void decode(ByteBuffer src, int offset, int count);

    /** Encodes {@code count} voxels from position {@code offset} into {@code dst} (in its byte order). */
    abstract void encode(ByteBuffer dst, int offset, int count);

    /** These voxels (of the grid {@code r} starts from) in the order of the grid it leads to. */
    public VoxelArray reoriented(Reorientation r) {
        return Reorienter.apply(r, this);
    }

    /**
     * Copies {@code length} voxels starting at {@code srcStart} and stepping {@code srcStep} (may be
     * negative) into {@code dst}, which has this array's type, from {@code dstStart} on.
     */
    abstract void copyRun(int srcStart, int srcStep, VoxelArray dst, int dstStart, int length);

    /** The underlying array when the type is int16 (no copy), for hot loops; otherwise null. */
    public short[] int16ArrayOrNull() {
        return null;
    }

    static final class ByteVoxels extends VoxelArray {
        private final byte[] v;
        private final boolean unsigned;

        ByteVoxels(NiftiDataType type, byte[] v) {
            super(type);
            this.v = v;
            this.unsigned = type == NiftiDataType.UINT8;
        }

        @Override public int size() { return v.length; }
        @Override public double get(int i) { return getLong(i); }
        @Override public long getLong(int i) { return unsigned ? v[i] & 0xFF : v[i]; }
        @Override public void set(int i, double value) { v[i] = (byte) (int) value; }
        @Override void decode(ByteBuffer src, int offset, int count) { src.get(v, offset, count); }
        @Override void encode(ByteBuffer dst, int offset, int count) { dst.put(v, offset, count); }

        @Override
        void copyRun(int srcStart, int srcStep, VoxelArray dst, int dstStart, int length) {
            byte[] d = ((ByteVoxels) dst).v;
            for (int k = 0, s = srcStart; k < length; k++, s += srcStep) {
                d[dstStart + k] = v[s];
            }
        }
    }

    static final class ShortVoxels extends VoxelArray {
        private final short[] v;
        private final boolean unsigned;

        ShortVoxels(NiftiDataType type, short[] v) {
            super(type);
            this.v = v;
            this.unsigned = type == NiftiDataType.UINT16;
        }

        @Override public int size() { return v.length; }
        @Override public double get(int i) { return getLong(i); }
        @Override public long getLong(int i) { return unsigned ? v[i] & 0xFFFF : v[i]; }
        @Override public void set(int i, double value) { v[i] = (short) (int) value; }
        @Override void decode(ByteBuffer src, int offset, int count) { src.asShortBuffer().get(v, offset, count); }
        @Override void encode(ByteBuffer dst, int offset, int count) { dst.asShortBuffer().put(v, offset, count); }
        @Override public short[] int16ArrayOrNull() { return unsigned ? null : v; }

        @Override
        void copyRun(int srcStart, int srcStep, VoxelArray dst, int dstStart, int length) {
            short[] d = ((ShortVoxels) dst).v;
            for (int k = 0, s = srcStart; k < length; k++, s += srcStep) {
                d[dstStart + k] = v[s];
            }
        }
    }

    static final class IntVoxels extends VoxelArray {
        private final int[] v;
        private final boolean unsigned;

        IntVoxels(NiftiDataType type, int[] v) {
            super(type);
            this.v = v;
            this.unsigned = type == NiftiDataType.UINT32;
        }

        @Override public int size() { return v.length; }
        @Override public double get(int i) { return getLong(i); }
        @Override public long getLong(int i) { return unsigned ? v[i] & 0xFFFFFFFFL : v[i]; }
        @Override public void set(int i, double value) { v[i] = unsigned ? (int) (long) value : (int) value; }
        @Override void decode(ByteBuffer src, int offset, int count) { src.asIntBuffer().get(v, offset, count); }
        @Override void encode(ByteBuffer dst, int offset, int count) { dst.asIntBuffer().put(v, offset, count); }

        @Override
        void copyRun(int srcStart, int srcStep, VoxelArray dst, int dstStart, int length) {
            int[] d = ((IntVoxels) dst).v;
            for (int k = 0, s = srcStart; k < length; k++, s += srcStep) {
                d[dstStart + k] = v[s];
            }
        }
    }

    static final class LongVoxels extends VoxelArray {
        private final long[] v;

        LongVoxels(long[] v) {
            super(NiftiDataType.INT64);
            this.v = v;
        }

        @Override public int size() { return v.length; }
        @Override public double get(int i) { return v[i]; }
        @Override public long getLong(int i) { return v[i]; }
        @Override public void set(int i, double value) { v[i] = (long) value; }
        @Override void decode(ByteBuffer src, int offset, int count) { src.asLongBuffer().get(v, offset, count); }
        @Override void encode(ByteBuffer dst, int offset, int count) { dst.asLongBuffer().put(v, offset, count); }

        @Override
        void copyRun(int srcStart, int srcStep, VoxelArray dst, int dstStart, int length) {
            long[] d = ((LongVoxels) dst).v;
            for (int k = 0, s = srcStart; k < length; k++, s += srcStep) {
                d[dstStart + k] = v[s];
            }
        }
    }

    static final class FloatVoxels extends VoxelArray {
        private final float[] v;

        FloatVoxels(float[] v) {
            super(NiftiDataType.FLOAT32);
            this.v = v;
        }

        @Override public int size() { return v.length; }
        @Override public double get(int i) { return v[i]; }
        @Override public long getLong(int i) { return (long) v[i]; }
        @Override public void set(int i, double value) { v[i] = (float) value; }
        @Override void decode(ByteBuffer src, int offset, int count) { src.asFloatBuffer().get(v, offset, count); }
        @Override void encode(ByteBuffer dst, int offset, int count) { dst.asFloatBuffer().put(v, offset, count); }

        @Override
        void copyRun(int srcStart, int srcStep, VoxelArray dst, int dstStart, int length) {
            float[] d = ((FloatVoxels) dst).v;
            for (int k = 0, s = srcStart; k < length; k++, s += srcStep) {
                d[dstStart + k] = v[s];
            }
        }
    }

    static final class DoubleVoxels extends VoxelArray {
        private final double[] v;

        DoubleVoxels(double[] v) {
            super(NiftiDataType.FLOAT64);
            this.v = v;
        }

        @Override public int size() { return v.length; }
        @Override public double get(int i) { return v[i]; }
        @Override public long getLong(int i) { return (long) v[i]; }
        @Override public void set(int i, double value) { v[i] = value; }
        @Override void decode(ByteBuffer src, int offset, int count) { src.asDoubleBuffer().get(v, offset, count); }
        @Override void encode(ByteBuffer dst, int offset, int count) { dst.asDoubleBuffer().put(v, offset, count); }

        @Override
        void copyRun(int srcStart, int srcStep, VoxelArray dst, int dstStart, int length) {
            double[] d = ((DoubleVoxels) dst).v;
            for (int k = 0, s = srcStart; k < length; k++, s += srcStep) {
                d[dstStart + k] = v[s];
            }
        }
    }
}
