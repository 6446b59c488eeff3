package org.cohortseg.nifti;

import java.util.Locale;
import org.cohortseg.geometry.Affine;

/**
 * The geometry a header declares, checked before any voxel is allocated: every field the affine is
 * built from is finite, the affine is not singular, and the voxel sizes (pixdim, which volumes are
 * computed from, and the affine's own) lie within {@link ReadLimits}' plausible bounds. Each
 * problem is its own message naming the header field.
 */
final class GeometryCheck {
    private static final String[] AXES = {"x", "y", "z"};
    /** Below this |determinant| relative to the product of the column norms, the axes are (nearly) collinear. */
    private static final double SINGULAR = 1e-6;

    private GeometryCheck() {
    }

    static void check(NiftiHeader h, ReadLimits limits, String source) throws InvalidGeometryException {
        double[] pixdim = h.pixdim();
        for (int axis = 1; axis <= 3; axis++) {
            finite(source, "pixdim[" + axis + "]", pixdim[axis]);
            within(source, "pixdim[" + axis + "]", Math.abs(pixdim[axis]), limits);
        }
        String form;
        if (HeaderGeometry.isSet(h.sformCode())) {
            form = "sform";
            double[] s = h.srow();
            for (int i = 0; i < 12; i++) {
                finite(source, "srow_" + AXES[i / 4] + "[" + i % 4 + "]", s[i]);
            }
        } else if (HeaderGeometry.isSet(h.qformCode())) {
            form = "qform";
            double[] q = h.quatern();
            double[] o = h.qoffset();
            for (int i = 0; i < 3; i++) {
                finite(source, "quatern_" + "bcd".charAt(i), q[i]);
                finite(source, "qoffset_" + AXES[i], o[i]);
            }
        } else {
            return; // the fall-back affine is pixdim alone, checked above
        }
        Affine a = HeaderGeometry.affine(h);
        double norms = 1;
        for (int col = 0; col < 3; col++) {
            double size = a.columnNorm(col);
            within(source, form + " voxel size along axis " + col, size, limits);
            norms *= size;
        }
        double det = a.get(0, 0) * (a.get(1, 1) * a.get(2, 2) - a.get(1, 2) * a.get(2, 1))
                - a.get(0, 1) * (a.get(1, 0) * a.get(2, 2) - a.get(1, 2) * a.get(2, 0))
                + a.get(0, 2) * (a.get(1, 0) * a.get(2, 1) - a.get(1, 1) * a.get(2, 0));
        if (Math.abs(det) < SINGULAR * norms) {
            throw new InvalidGeometryException(source, "the " + form + " is singular (its voxel axes are collinear, "
                    + "determinant " + det + ")");
        }
    }

    private static void finite(String source, String field, double v) throws InvalidGeometryException {
        if (!Double.isFinite(v)) {
            throw new InvalidGeometryException(source, field + " is " + v + ": the header's geometry is not finite");
        }
    }

    private static void within(String source, String what, double mm, ReadLimits limits) throws InvalidGeometryException {
        if (mm < limits.minSpacingMm() || mm > limits.maxSpacingMm()) {
            throw new InvalidGeometryException(source, String.format(Locale.ROOT,
                    "%s = %s mm is outside the plausible %s-%s mm", what, mm, limits.minSpacingMm(), limits.maxSpacingMm()));
        }
    }
}
