package org.cohortseg.geometry;

import java.util.Arrays;

/**
 * A 4x4 voxel-to-world affine (world in mm, RAS+ as NIfTI defines it), immutable.
 * Voxel indices (i, j, k) map to world {@code M * [i, j, k, 1]}.
 */
public final class Affine {
    private final double[] m; // row-major 4x4

    private Affine(double[] rowMajor) {
        this.m = rowMajor;
    }

    /** An affine from 16 row-major values; the last row must be 0 0 0 1. */
    public static Affine ofRowMajor(double... rowMajor) {
        if (rowMajor.length != 16) {
            throw new IllegalArgumentException("an affine needs 16 values, got " + rowMajor.length);
        }
        if (rowMajor[12] != 0 || rowMajor[13] != 0 || rowMajor[14] != 0 || rowMajor[15] != 1) {
            throw new IllegalArgumentException("the last affine row must be 0 0 0 1: " + Arrays.toString(rowMajor));
        }
        return new Affine(rowMajor.clone());
    }

    /** A diagonal scaling affine with the given voxel sizes and zero offset. */
    public static Affine scaling(double sx, double sy, double sz) {
        return ofRowMajor(sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, sz, 0, 0, 0, 0, 1);
    }

    /** Element at {@code row}, {@code col}. */
    public double get(int row, int col) {
        return m[row * 4 + col];
    }

    /** The 16 values, row-major (a copy). */
    public double[] toRowMajor() {
        return m.clone();
    }

    /** The product {@code this * other}. */
    public Affine multiply(Affine other) {
        double[] r = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int k = 0; k < 4; k++) {
                    s += m[i * 4 + k] * other.m[k * 4 + j];
                }
                r[i * 4 + j] = s;
            }
        }
        return new Affine(r);
    }

    /** World coordinate {@code row} (0 = x, 1 = y, 2 = z) of the (possibly fractional) voxel position. */
    public double world(int row, double i, double j, double k) {
        return m[row * 4] * i + m[row * 4 + 1] * j + m[row * 4 + 2] * k + m[row * 4 + 3];
    }

    /** Length of column {@code col} of the 3x3 part: the voxel size along voxel axis {@code col} in mm. */
    public double columnNorm(int col) {
        return Math.sqrt(get(0, col) * get(0, col) + get(1, col) * get(1, col) + get(2, col) * get(2, col));
    }

    /** The largest absolute element-wise difference to {@code other}. */
    public double maxAbsDifference(Affine other) {
        double d = 0;
        for (int i = 0; i < 16; i++) {
            d = Math.max(d, Math.abs(m[i] - other.m[i]));
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Affine a && Arrays.equals(m, a.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Affine[");
        for (int i = 0; i < 3; i++) {
            s.append(i == 0 ? "" : "; ").append(m[i * 4]).append(' ').append(m[i * 4 + 1]).append(' ')
                    .append(m[i * 4 + 2]).append(' ').append(m[i * 4 + 3]);
        }
        return s.append(']').toString();
    }
}
