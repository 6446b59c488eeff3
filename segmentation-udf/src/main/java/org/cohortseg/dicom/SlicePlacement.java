package org.cohortseg.dicom;

/**
 * Where one single-frame slice lies in patient space (LPS, mm): its first pixel's position, the
 * row and column direction cosines (ImageOrientationPatient: along a row, then down a column) and
 * the pixel spacing (between rows, then between columns).
 */
public record SlicePlacement(double[] position, double[] rowDirection, double[] columnDirection, double rowSpacing, double columnSpacing) {

    /** The placement the attributes declare, checked for unit, orthogonal directions and positive spacing. */
    public static SlicePlacement of(DicomAttributes a) throws DicomException {
        double[] position = a.numbers(DicomTag.IMAGE_POSITION_PATIENT, 3);
        double[] orientation = a.numbers(DicomTag.IMAGE_ORIENTATION_PATIENT, 6);
        double[] spacing = a.numbers(DicomTag.PIXEL_SPACING, 2);
        double[] row = {orientation[0], orientation[1], orientation[2]};
        double[] column = {orientation[3], orientation[4], orientation[5]};
        if (Math.abs(norm(row) - 1) > 1e-3 || Math.abs(norm(column) - 1) > 1e-3 || Math.abs(dot(row, column)) > 1e-3) {
            throw new DicomException(a.source(), "image orientation is not two orthogonal unit vectors: "
                    + java.util.Arrays.toString(orientation));
        }
        if (!(spacing[0] > 0) || !(spacing[1] > 0)) {
            throw new DicomException(a.source(), "pixel spacing must be positive: " + java.util.Arrays.toString(spacing));
        }
        return new SlicePlacement(position, row, column, spacing[0], spacing[1]);
    }

    /** The slice normal, row direction x column direction. */
    public double[] normal() {
        return cross(rowDirection, columnDirection);
    }

    /** Whether orientation and spacing agree with {@code other}'s within {@code tolerance}. */
    public boolean sameFrameAs(SlicePlacement other, double tolerance) {
        for (int i = 0; i < 3; i++) {
            if (Math.abs(rowDirection[i] - other.rowDirection[i]) > tolerance
                    || Math.abs(columnDirection[i] - other.columnDirection[i]) > tolerance) {
                return false;
            }
        }
        return Math.abs(rowSpacing - other.rowSpacing) <= tolerance && Math.abs(columnSpacing - other.columnSpacing) <= tolerance;
    }

    /**
     * The angle (degrees) between the slice normal and the line from the first slice's position to
     * the last's: the gantry tilt of a series whose slices do not follow their normal; 0 when they do.
     */
    public static double tiltDegrees(double[] first, double[] last, double[] normal) {
        double[] step = {last[0] - first[0], last[1] - first[1], last[2] - first[2]};
        double length = norm(step);
        return length == 0 ? 0 : Math.toDegrees(Math.acos(Math.min(1, Math.abs(dot(step, normal)) / length)));
    }

    /** The dot product: the distance of a position along a unit direction. */
    public static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** The cross product. */
    public static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
