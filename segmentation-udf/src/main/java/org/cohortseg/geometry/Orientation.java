package org.cohortseg.geometry;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Which world axis each voxel axis is closest to, and in which direction: nibabel's
 * {@code io_orientation}. World axes are RAS+ (0 = R, 1 = A, 2 = S).
 *
 * @param worldAxis for voxel axes 0, 1, 2: the world axis it runs along
 * @param positive for voxel axes 0, 1, 2: whether it runs toward R/A/S (true) or L/P/I (false)
 */
public record Orientation(int[] worldAxis, boolean[] positive) {
    private static final String[] CODES = {"RL", "AP", "SI"};

    public Orientation {
        worldAxis = worldAxis.clone();
        positive = positive.clone();
    }

    @Override public int[] worldAxis() { return worldAxis.clone(); }
    @Override public boolean[] positive() { return positive.clone(); }

    /**
     * The orientation of an affine. The 3x3 part is normalised by its column lengths, replaced by
     * the closest orthogonal matrix (polar decomposition by SVD), and each voxel axis is assigned,
     * in order, to the remaining world axis with the largest absolute component.
     *
     * @throws IllegalArgumentException when the affine is degenerate (a zero or dependent column)
     */
    public static Orientation of(Affine affine) {
        double[][] rs = new double[3][3];
        for (int c = 0; c < 3; c++) {
            double norm = affine.columnNorm(c);
            if (norm == 0) {
                throw new IllegalArgumentException("degenerate affine, voxel axis " + c + " has zero length: " + affine);
            }
            for (int r = 0; r < 3; r++) {
                rs[r][c] = affine.get(r, c) / norm;
            }
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(rs, false));
        double[] sv = svd.getSingularValues();
        if (sv[2] <= sv[0] * 3 * Math.ulp(1.0)) {
            throw new IllegalArgumentException("degenerate affine, voxel axes are not independent: " + affine);
        }
        RealMatrix closest = svd.getU().multiply(svd.getVT());
        double[][] r = closest.getData();
        int[] axis = new int[3];
        boolean[] positive = new boolean[3];
        for (int in = 0; in < 3; in++) {
            int best = 0;
            for (int out = 1; out < 3; out++) {
                if (Math.abs(r[out][in]) > Math.abs(r[best][in])) {
                    best = out;
                }
            }
            axis[in] = best;
            positive[in] = r[best][in] > 0;
            r[best] = new double[3]; // a world axis is taken once
        }
        return new Orientation(axis, positive);
    }

    /** The nibabel axis codes, e.g. "RAS" or "LPS". */
    public String codes() {
        StringBuilder s = new StringBuilder(3);
        for (int i = 0; i < 3; i++) {
            s.append(CODES[worldAxis[i]].charAt(positive[i] ? 0 : 1));
        }
        return s.toString();
    }
}
