package org.cohortseg.nifti;

import org.cohortseg.geometry.Affine;

/**
 * The quaternion form of an affine's rotation: {@code quatern_b/c/d} and {@code qfac}. Valid only
 * when the 3x3 part is a rotation (or reflection) times the voxel sizes the header declares in
 * pixdim (the qform reuses pixdim); otherwise only the sform can carry the affine.
 *
 * @param quatern b, c, d
 * @param qfac 1, or -1 for a left-handed grid
 * @param valid whether the affine's 3x3 part is orthogonal up to scale
 */
record QformParameters(double[] quatern, double qfac, boolean valid) {
    private static final double ORTHOGONALITY_TOLERANCE = 1e-6;

    static QformParameters of(Affine a, double[] voxelSizes) {
        for (int c = 0; c < 3; c++) {
            // pixdim is stored as float32: compare in that precision
            if (Math.abs((float) voxelSizes[c] - (float) a.columnNorm(c)) > 1e-6 * Math.abs(voxelSizes[c]) + 1e-7) {
                return new QformParameters(new double[3], 1, false);
            }
        }
        double[][] r = new double[3][3];
        for (int c = 0; c < 3; c++) {
            double norm = a.columnNorm(c);
            for (int row = 0; row < 3; row++) {
                r[row][c] = norm == 0 ? 0 : a.get(row, c) / norm;
            }
        }
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
                - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        double qfac = det < 0 ? -1 : 1;
        for (int row = 0; row < 3; row++) {
            r[row][2] *= qfac;
        }
        boolean orthogonal = true;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double dot = r[0][i] * r[0][j] + r[1][i] * r[1][j] + r[2][i] * r[2][j];
                orthogonal &= Math.abs(dot - (i == j ? 1 : 0)) < ORTHOGONALITY_TOLERANCE;
            }
        }
        if (!orthogonal) {
            return new QformParameters(new double[3], 1, false);
        }
        return new QformParameters(quaternion(r), qfac, true);
    }

    /** b, c, d of the unit quaternion with a >= 0 for rotation {@code r}. */
    private static double[] quaternion(double[][] r) {
        double trace = r[0][0] + r[1][1] + r[2][2];
        double a;
        double b;
        double c;
        double d;
        if (trace > 0) {
            double s = Math.sqrt(trace + 1) * 2;
            a = 0.25 * s;
            b = (r[2][1] - r[1][2]) / s;
            c = (r[0][2] - r[2][0]) / s;
            d = (r[1][0] - r[0][1]) / s;
        } else if (r[0][0] > r[1][1] && r[0][0] > r[2][2]) {
            double s = Math.sqrt(1 + r[0][0] - r[1][1] - r[2][2]) * 2;
            a = (r[2][1] - r[1][2]) / s;
            b = 0.25 * s;
            c = (r[0][1] + r[1][0]) / s;
            d = (r[0][2] + r[2][0]) / s;
        } else if (r[1][1] > r[2][2]) {
            double s = Math.sqrt(1 + r[1][1] - r[0][0] - r[2][2]) * 2;
            a = (r[0][2] - r[2][0]) / s;
            b = (r[0][1] + r[1][0]) / s;
            c = 0.25 * s;
            d = (r[1][2] + r[2][1]) / s;
        } else {
            double s = Math.sqrt(1 + r[2][2] - r[0][0] - r[1][1]) * 2;
            a = (r[1][0] - r[0][1]) / s;
            b = (r[0][2] + r[2][0]) / s;
            c = (r[1][2] + r[2][1]) / s;
            d = 0.25 * s;
        }
        double sign = a < 0 ? -1 : 1;
        return new double[] {sign * b, sign * c, sign * d};
    }
}
