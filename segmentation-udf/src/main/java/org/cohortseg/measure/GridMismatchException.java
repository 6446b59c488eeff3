package org.cohortseg.measure;

/** A CT and a segmentation that do not share one voxel grid (shape or affine). */
public final class GridMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public GridMismatchException(String message) {
        super(message);
    }
}
