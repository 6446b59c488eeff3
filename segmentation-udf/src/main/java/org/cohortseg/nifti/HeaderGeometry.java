package org.cohortseg.nifti;

import org.cohortseg.geometry.Affine;

/**
 * The voxel-to-world affine of a header, with nibabel's precedence: the sform when its code is
 * set, else the qform (quaternion, pixdim and qfac) when its code is set, else nibabel's fall-back
 * affine from pixdim alone (x flipped, origin at the volume centre). A code is set when it is one
 * of the defined xform codes 1..5; nibabel resets any other value to 0 (unknown) on load.
 */
public final class HeaderGeometry {
    private static final int LAST_XFORM_CODE = 5;

    private HeaderGeometry() {
    }

    /** The best affine of {@code h}. */
    public static Affine affine(NiftiHeader h) {
        if (isSet(h.sformCode())) {
            return sform(h);
        }
        if (isSet(h.qformCode())) {
            return qform(h);
        }
        return fallback(h);
    }

    static boolean isSet(int xformCode) {
        return xformCode >= 1 && xformCode <= LAST_XFORM_CODE;
    }

    /** The sform rows as an affine. */
    public static Affine sform(NiftiHeader h) {
        double[] s = h.srow();
        return Affine.ofRowMajor(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], 0, 0, 0, 1);
    }

    /** The qform: rotation from the quaternion (a = sqrt(1 - b2 - c2 - d2), clamped at 0), times pixdim with qfac on z. */
    public static Affine qform(NiftiHeader h) {
        double[] q = h.quatern();
        double b = q[0];
        double c = q[1];
        double d = q[2];
        double a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
        double n = a * a + b * b + c * c + d * d;
        double s = n < 1e-12 ? 0 : 2 / n;
        double[][] r = {
            {1 - s * (c * c + d * d), s * (b * c - a * d), s * (b * d + a * c)},
            {s * (b * c + a * d), 1 - s * (b * b + d * d), s * (c * d - a * b)},
            {s * (b * d - a * c), s * (c * d + a * b), 1 - s * (b * b + c * c)}};
        double[] zoom = {h.voxelSize(0), h.voxelSize(1), h.voxelSize(2) * h.qfac()};
        double[] o = h.qoffset();
        double[] m = new double[16];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i * 4 + j] = r[i][j] * zoom[j];
            }
            m[i * 4 + 3] = o[i];
        }
        m[15] = 1;
        return Affine.ofRowMajor(m);
    }

    /** nibabel's affine for headers without qform or sform: x flipped, voxel centre of the volume at the origin. */
    public static Affine fallback(NiftiHeader h) {
        double[] zoom = {-h.voxelSize(0), h.voxelSize(1), h.voxelSize(2)};
        double[] m = new double[16];
        for (int i = 0; i < 3; i++) {
            m[i * 4 + i] = zoom[i];
            m[i * 4 + 3] = -(h.extent(i) - 1) / 2.0 * zoom[i];
        }
        m[15] = 1;
        return Affine.ofRowMajor(m);
    }
}
