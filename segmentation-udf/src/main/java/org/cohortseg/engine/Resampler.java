package org.cohortseg.engine;

import org.cohortseg.concurrency.Parallel;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;

/**
 * Resampling between grids as TotalSegmentator does it with {@code scipy.ndimage.zoom}: the
 * output has {@code round(size * oldSpacing / newSpacing)} voxels per axis and the first and last
 * voxel centres of input and output coincide (output voxel {@code o} samples input position
 * {@code o * (in - 1) / (out - 1)}). Images are interpolated linearly (spline order 1, one axis at
 * a time, which equals trilinear interpolation); label maps take the nearest voxel.
 */
public final class Resampler {
    /** Relative distance to an integer within which float32 interpolation stands for an exact float64 integer. */
    private static final float INTEGER_SLACK = 1e-6f;
    private final Parallel parallel;

    /** @param threads parallel threads for the per-slice work */
    public Resampler(int threads) {
        this(new Parallel(threads));
    }

    /** @param parallel the threads for the per-slice work */
    public Resampler(Parallel parallel) {
        this.parallel = parallel;
    }

    /** The output shape scipy.ndimage.zoom gives for these spacings (numpy rounding, half to even). */
    public static Shape targetShape(Shape in, double[] from, double[] to) {
        int[] n = new int[3];
        for (int a = 0; a < 3; a++) {
            n[a] = Math.max(1, (int) Math.rint(in.extent(a) * (from[a] / to[a])));
        }
        return new Shape(n[0], n[1], n[2]);
    }

    private static boolean sameSpacing(double[] a, double[] b) {
        for (int i = 0; i < 3; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4 * b[i]) {
                return false;
            }
        }
        return true;
    }

    /** Values read by linear index: a float array, or an image's scaled voxels. */
    @FunctionalInterface
    public interface Samples {
        float at(int index);
    }

    /**
     * Linear resampling to {@code spacing} (mm, x y z). Returns the input itself when the spacing
     * already matches (TotalSegmentator skips that case too).
     */
    public FloatVolume toSpacing(FloatVolume in, double[] spacing) {
        Shape target = targetShape(in.shape(), in.spacing(), spacing);
        if (target.equals(in.shape()) && sameSpacing(in.spacing(), spacing)) {
            return in;
        }
        float[] data = in.data();
        return new FloatVolume(target, linear(i -> data[i], in.shape(), target), spacing);
    }

    /**
     * The physical values of {@code image}, brought to canonical orientation by {@code toCanonical}
     * and resampled to {@code spacing}, read straight from the stored voxels: neither a reoriented
     * copy nor a float copy of the image at its own resolution is ever made (the first pass
     * already shrinks or grows x), which keeps the memory of long scans down.
     */
    public FloatVolume toSpacing(NiftiImage image, Reorientation toCanonical, double[] spacing) {
        Shape target = modelGrid(image, toCanonical, spacing);
        float[] out = new float[target.voxels()];
        int plane = target.nx() * target.ny();
        toSpacing(image, toCanonical, spacing, (z, slice) -> System.arraycopy(slice, 0, out, z * plane, plane));
        double[] sizes = toCanonical.permute(image.voxelSizes());
        return new FloatVolume(target, out, resampled(toCanonical.targetShape(), sizes, target, spacing) ? spacing : sizes);
    }

    /** The grid {@link #toSpacing(NiftiImage, Reorientation, double[])} gives. */
    public static Shape modelGrid(NiftiImage image, Reorientation toCanonical, double[] spacing) {
        return targetShape(toCanonical.targetShape(), toCanonical.permute(image.voxelSizes()), spacing);
    }

    /** Receives resampled z slices (x fastest; the array is reused once this returns), from several threads at once. */
    @FunctionalInterface
    public interface SliceSink {
        void accept(int z, float[] slice);
    }

    /**
     * The same values as {@link #toSpacing(NiftiImage, Reorientation, double[])}, handed over slice
     * by slice instead of as one volume (an image at the target spacing already is only converted).
     * TotalSegmentator stores a resampled CT as int32 before nnU-Net reads it, so resampled values
     * are truncated toward zero as numpy's {@code astype(np.int32)} does; a value within float32's
     * rounding of an integer counts as that integer, as scipy's float64 interpolation computes it.
     */
    public void toSpacing(NiftiImage image, Reorientation toCanonical, double[] spacing, SliceSink sink) {
        Shape canonical = toCanonical.targetShape();
        Shape target = modelGrid(image, toCanonical, spacing);
        SliceSink truncating = (z, slice) -> {
            float[] integers = new float[slice.length]; // the slice itself may still be interpolated from
            for (int i = 0; i < slice.length; i++) {
                integers[i] = truncated(slice[i]);
            }
            sink.accept(z, integers);
        };
        boolean resampled = resampled(canonical, toCanonical.permute(image.voxelSizes()), target, spacing);
        linear(i -> (float) image.value(i), toCanonical.sourceIndex(), canonical, target, resampled ? truncating : sink);
    }

    private static boolean resampled(Shape canonical, double[] voxelSizes, Shape target, double[] spacing) {
        return !target.equals(canonical) || !sameSpacing(voxelSizes, spacing);
    }

    /** {@code v} truncated toward zero, taking values a float32 rounding away from an integer as that integer. */
    static float truncated(float v) {
        float nearest = Math.round(v);
        return Math.abs(v - nearest) <= INTEGER_SLACK * Math.max(1f, Math.abs(v)) ? nearest : (float) (int) v;
    }

    /**
     * Linear interpolation from {@code from} to {@code to}, one axis at a time (x, then y, then z,
     * as scipy does it). Output slices are made in order from the x-y resampled input slices they
     * lie between, so besides the output only two resampled slices per thread are held, never a
     * volume-sized intermediate.
     */
    public float[] linear(Samples data, Shape from, Shape to) {
        float[] out = new float[to.voxels()];
        int plane = to.nx() * to.ny();
        linear(data, Reorientation.identity(from).sourceIndex(), from, to,
                (z, slice) -> System.arraycopy(slice, 0, out, z * plane, plane));
        return out;
    }

    /** As above, voxel (x, y, z) of {@code from} being sample {@code at.rowStart(y, z) + x * at.stepX()} of {@code data}. */
    private void linear(Samples data, Reorientation.SourceIndex at, Shape from, Shape to, SliceSink sink) {
        AxisWeights x = new AxisWeights(from.nx(), to.nx());
        AxisWeights y = new AxisWeights(from.ny(), to.ny());
        AxisWeights z = new AxisWeights(from.nz(), to.nz());
        int plane = to.nx() * to.ny();
        parallel.forEachRange(to.nz(), (first, end) -> {
            PlaneResampler planes = new PlaneResampler(data, at, from, to, x, y);
            float[] slice = new float[plane];
            for (int oz = first; oz < end; oz++) {
                float[] a = planes.slice(z.lower[oz]);
                float f = z.frac[oz];
                if (f == 0) {
                    sink.accept(oz, a);
                    continue;
                }
                float[] b = planes.slice(z.lower[oz] + 1);
                for (int i = 0; i < plane; i++) {
                    slice[i] = a[i] + f * (b[i] - a[i]);
                }
                sink.accept(oz, slice);
            }
        });
    }

    /** Where output voxel {@code o} samples along one axis: between {@code lower[o]} and the next, at {@code frac[o]}. */
    private static final class AxisWeights {
        final int[] lower;
        final float[] frac;

        AxisWeights(int n, int m) {
            lower = new int[m];
            frac = new float[m];
            double scale = m > 1 ? (n - 1) / (double) (m - 1) : 0;
            for (int o = 0; o < m; o++) {
                double pos = o * scale;
                int lo = (int) Math.floor(pos);
                if (lo >= n - 1) { // the last output voxel sits exactly on the last input voxel
                    lower[o] = n - 1;
                } else {
                    lower[o] = lo;
                    frac[o] = (float) (pos - lo);
                }
            }
        }
    }

    /**
     * Input slices resampled in x and y, cached in two slots by the parity of z: an output slice
     * needs slices {@code z} and {@code z + 1}, which never share a slot.
     */
    private static final class PlaneResampler {
        private final Samples data;
        private final Reorientation.SourceIndex at;
        private final Shape from;
        private final Shape to;
        private final AxisWeights x;
        private final AxisWeights y;
        private final float[] rows;
        private final float[][] slots = new float[2][];
        private final int[] slotZ = {-1, -1};

        PlaneResampler(Samples data, Reorientation.SourceIndex at, Shape from, Shape to, AxisWeights x, AxisWeights y) {
            this.data = data;
            this.at = at;
            this.from = from;
            this.to = to;
            this.x = x;
            this.y = y;
            this.rows = new float[to.nx() * from.ny()];
        }

        float[] slice(int z) {
            int slot = z & 1;
            if (slotZ[slot] != z) {
                if (slots[slot] == null) {
                    slots[slot] = new float[to.nx() * to.ny()];
                }
                resample(z, slots[slot]);
                slotZ[slot] = z;
            }
            return slots[slot];
        }

        private void resample(int z, float[] plane) {
            int nx = to.nx();
            int step = at.stepX();
            for (int iy = 0; iy < from.ny(); iy++) {
                int row = at.rowStart(iy, z);
                for (int ox = 0; ox < nx; ox++) {
                    int src = row + x.lower[ox] * step;
                    float f = x.frac[ox];
                    float a = data.at(src);
                    rows[iy * nx + ox] = f == 0 ? a : a + f * (data.at(src + step) - a);
                }
            }
            for (int oy = 0; oy < to.ny(); oy++) {
                int lo = y.lower[oy] * nx;
                float f = y.frac[oy];
                for (int ox = 0; ox < nx; ox++) {
                    float a = rows[lo + ox];
                    plane[oy * nx + ox] = f == 0 ? a : a + f * (rows[lo + nx + ox] - a);
                }
            }
        }
    }

    /**
     * Nearest-neighbour resampling of a label map (unsigned bytes) to {@code to}: output voxel
     * {@code o} takes input voxel {@code floor(o * (in - 1) / (out - 1) + 0.5)} on each axis.
     */
    public byte[] nearest(byte[] labels, Shape from, Shape to) {
        return nearest(labels, from, Reorientation.identity(to));
    }

    /**
     * As above onto the target grid of {@code toCanonical} ({@code to} of the method above), the
     * result stored in the order of its source grid: the label map of a canonical grid goes back to
     * the CT's own orientation in the same pass, without a second copy.
     */
    public byte[] nearest(byte[] labels, Shape from, Reorientation toCanonical) {
        Shape to = toCanonical.targetShape();
        Reorientation.SourceIndex at = toCanonical.sourceIndex();
        int[][] index = new int[3][];
        for (int a = 0; a < 3; a++) {
            int n = from.extent(a);
            int m = to.extent(a);
            double scale = m > 1 ? (n - 1) / (double) (m - 1) : 0;
            index[a] = new int[m];
            for (int o = 0; o < m; o++) {
                index[a][o] = Math.min(n - 1, (int) Math.floor(o * scale + 0.5));
            }
        }
        byte[] out = new byte[to.voxels()];
        int step = at.stepX();
        parallel.forEach(to.nz(), z -> {
            for (int y = 0; y < to.ny(); y++) {
                int srcRow = from.index(0, index[1][y], index[2][z]);
                int dst = at.rowStart(y, z);
                for (int x = 0; x < to.nx(); x++) {
                    out[dst + x * step] = labels[srcRow + index[0][x]];
                }
            }
        });
        return out;
    }
}
