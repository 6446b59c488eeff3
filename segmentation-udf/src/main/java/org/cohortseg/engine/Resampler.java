package org.cohortseg.engine;

import java.util.stream.IntStream;
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
    private final int threads;

    /** @param threads parallel threads for the per-slice work */
    public Resampler(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        this.threads = threads;
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
     * The physical values of a canonical image resampled to {@code spacing}, read straight from
     * the stored voxels: no float copy of the image at its own resolution is ever made (the first
     * pass already shrinks or grows x), which keeps the memory of long scans down.
     */
    public FloatVolume toSpacing(NiftiImage canonical, double[] spacing) {
        Shape shape = canonical.shape();
        Shape target = targetShape(shape, canonical.voxelSizes(), spacing);
        if (target.equals(shape) && sameSpacing(canonical.voxelSizes(), spacing)) {
            float[] values = new float[shape.voxels()];
            parallel(shape.nz(), z -> {
                for (int i = shape.index(0, 0, z), end = i + shape.nx() * shape.ny(); i < end; i++) {
                    values[i] = (float) canonical.value(i);
                }
            });
            return new FloatVolume(shape, values, canonical.voxelSizes());
        }
        return new FloatVolume(target, linear(i -> (float) canonical.value(i), shape, target), spacing);
    }

    /** Linear interpolation from {@code from} to {@code to}, one axis at a time (x, then y, then z). */
    public float[] linear(Samples data, Shape from, Shape to) {
        Shape afterX = new Shape(to.nx(), from.ny(), from.nz());
        Shape afterY = new Shape(to.nx(), to.ny(), from.nz());
        float[] x = alongAxis(data, from, afterX, 0);
        float[] y = from.ny() == to.ny() ? x : alongAxis(i -> x[i], afterX, afterY, 1);
        return from.nz() == to.nz() ? y : alongAxis(i -> y[i], afterY, to, 2);
    }

    private float[] alongAxis(Samples in, Shape from, Shape to, int axis) {
        int n = from.extent(axis);
        int m = to.extent(axis);
        int[] lower = new int[m];
        float[] frac = new float[m];
        double scale = m > 1 ? (n - 1) / (double) (m - 1) : 0;
        for (int o = 0; o < m; o++) {
            double pos = o * scale;
            int lo = (int) Math.floor(pos);
            if (lo >= n - 1) { // the last output voxel sits exactly on the last input voxel
                lower[o] = n - 1;
                frac[o] = 0;
            } else {
                lower[o] = lo;
                frac[o] = (float) (pos - lo);
            }
        }
        float[] out = new float[to.voxels()];
        int inStride = from.stride(axis);
        // Parallel over the outer (z) slices of the output: each writes its own part.
        parallel(to.nz(), z -> {
            for (int y = 0; y < to.ny(); y++) {
                for (int x = 0; x < to.nx(); x++) {
                    int o = axis == 0 ? x : axis == 1 ? y : z;
                    int srcX = axis == 0 ? lower[o] : x;
                    int srcY = axis == 1 ? lower[o] : y;
                    int srcZ = axis == 2 ? lower[o] : z;
                    int src = from.index(srcX, srcY, srcZ);
                    float f = frac[o];
                    float a = in.at(src);
                    float v = f == 0 ? a : a + f * (in.at(src + inStride) - a);
                    out[to.index(x, y, z)] = v;
                }
            }
        });
        return out;
    }

    /**
     * Nearest-neighbour resampling of a label map (unsigned bytes) to {@code to}: output voxel
     * {@code o} takes input voxel {@code floor(o * (in - 1) / (out - 1) + 0.5)} on each axis.
     */
    public byte[] nearest(byte[] labels, Shape from, Shape to) {
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
        parallel(to.nz(), z -> {
            for (int y = 0; y < to.ny(); y++) {
                int srcRow = from.index(0, index[1][y], index[2][z]);
                int dst = to.index(0, y, z);
                for (int x = 0; x < to.nx(); x++) {
                    out[dst + x] = labels[srcRow + index[0][x]];
                }
            }
        });
        return out;
    }

    private void parallel(int n, java.util.function.IntConsumer body) {
        if (threads == 1 || n < 2) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
        } finally {
            pool.shutdown();
        }
    }
}
