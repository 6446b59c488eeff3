package org.cohortseg.dicom;

import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiDataType;
import org.cohortseg.nifti.VoxelArray;

/**
 * Puts the slices of a gantry-tilted series onto an orthogonal grid, as dcm2niix does: each slice
 * keeps its plane and is shifted along its columns by the distance its position lies off the stack's
 * normal, interpolated linearly between rows (no interpolation between slices). The slice shifted
 * furthest keeps its rows as they are and the grid grows by as many rows as the shifts span; rows no
 * slice covers are air. Unlike dcm2niix, whose corrected affine drops the fraction of a row the
 * shifts leave, the grid's origin is exact: every voxel lies where its slice put it.
 *
 * <p>Works on the volume as the assembler stacks it (voxel (i, j, k) is column i of row
 * {@code rows - 1 - j} of slice k), so a shift of {@code t} rows along the column direction is a
 * shift of {@code -t} along j.
 */
final class TiltCorrection {
    /** A slice shift across its rows beyond this (pixels) is not a gantry tilt. */
    private static final double ALONG_ROWS_TOLERANCE = 0.01;
    private static final double ON_ROW = 1e-6;
    /** Per slice, how far (in rows, >= 0) its voxels move up the j axis. */
    private final double[] shift;
    private final int rows;
    private final double[] reference;

    private TiltCorrection(double[] shift, int rows, double[] reference) {
        this.shift = shift;
        this.rows = rows;
        this.reference = reference;
    }

    /**
     * The correction of slices at {@code positions} (sorted along the normal, first pixel, LPS) in
     * {@code frame}, each of {@code rows} rows.
     *
     * @throws InconsistentSeriesException when the slices also shift along their rows
     */
    static TiltCorrection of(double[][] positions, SlicePlacement frame, int rows, String source)
            throws InconsistentSeriesException {
        double[] normal = frame.normal();
        double[] first = positions[0];
        double[] alongColumns = new double[positions.length];
        int furthest = 0;
        for (int k = 0; k < positions.length; k++) {
            double[] off = offNormal(positions[k], first, normal);
            double alongRows = SlicePlacement.dot(off, frame.rowDirection()) / frame.columnSpacing();
            if (Math.abs(alongRows) > ALONG_ROWS_TOLERANCE) {
                throw new InconsistentSeriesException(source, String.format(java.util.Locale.ROOT,
                        "slice %d lies %.3f pixels across its rows off the stack: not a gantry tilt", k, alongRows));
            }
            alongColumns[k] = SlicePlacement.dot(off, frame.columnDirection()) / frame.rowSpacing();
            if (alongColumns[k] > alongColumns[furthest]) {
                furthest = k;
            }
        }
        double[] shift = new double[positions.length];
        double span = 0;
        for (int k = 0; k < positions.length; k++) {
            shift[k] = alongColumns[furthest] - alongColumns[k];
            span = Math.max(span, shift[k]);
        }
        double[] offFurthest = offNormal(positions[furthest], first, normal);
        double[] reference = new double[3];
        for (int a = 0; a < 3; a++) {
            reference[a] = first[a] + offFurthest[a];
        }
        return new TiltCorrection(shift, rows + (int) Math.ceil(span - ON_ROW), reference);
    }

    /** The in-plane offset of {@code position} from the normal through {@code first}. */
    private static double[] offNormal(double[] position, double[] first, double[] normal) {
        double[] d = {position[0] - first[0], position[1] - first[1], position[2] - first[2]};
        double along = SlicePlacement.dot(d, normal);
        return new double[] {d[0] - along * normal[0], d[1] - along * normal[1], d[2] - along * normal[2]};
    }

    /** Rows of the corrected grid. */
    int rows() {
        return rows;
    }

    /** The first pixel of the corrected grid's first slice with the grid's rows counted as the slices' (LPS). */
    double[] reference() {
        return reference.clone();
    }

    /**
     * The corrected volume of {@code in} (shape {@code shape}); rows no slice covers hold {@code air}
     * (in the voxels' unit). Integer voxels are rounded to the nearest value.
     */
    VoxelArray apply(VoxelArray in, Shape shape, double air) {
        int nx = shape.nx();
        int ny = shape.ny();
        VoxelArray out = VoxelArray.allocate(in.type(), nx * rows * shape.nz());
        boolean integer = in.type() != NiftiDataType.FLOAT32;
        for (int k = 0; k < shape.nz(); k++) {
            for (int j = 0; j < rows; j++) {
                double source = j - shift[k];
                int below = (int) Math.floor(source + ON_ROW);
                double weight = source - below;
                boolean exact = Math.abs(weight) < ON_ROW;
                boolean inside = below >= 0 && (below < ny - 1 || (below == ny - 1 && exact));
                for (int i = 0; i < nx; i++) {
                    double v = air;
                    if (inside) {
                        double here = in.get(shape.index(i, below, k));
                        v = here;
                        if (!exact) {
                            double next = in.get(shape.index(i, below + 1, k));
                            v = here + weight * (next - here);
                            if (integer) { // a tie goes toward the next row's value, as dcm2niix's shifts round it
                                v = next >= here ? Math.floor(v + 0.5) : Math.ceil(v - 0.5);
                            }
                        }
                    }
                    out.set((k * rows + j) * nx + i, v);
                }
            }
        }
        return out;
    }
}
