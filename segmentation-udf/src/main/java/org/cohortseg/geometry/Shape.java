package org.cohortseg.geometry;

/**
 * Extents of a 3-D voxel grid, x fastest in memory (NIfTI order).
 *
 * @param nx voxels along x
 * @param ny voxels along y
 * @param nz voxels along z
 */
public record Shape(int nx, int ny, int nz) {

    public Shape {
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("shape must be positive: " + nx + "x" + ny + "x" + nz);
        }
        if ((long) nx * ny * nz > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + nx + "x" + ny + "x" + nz + " exceeds 2^31-1 voxels");
        }
    }

    /** Extent along axis 0 (x), 1 (y) or 2 (z). */
    public int extent(int axis) {
        return switch (axis) {
            case 0 -> nx;
            case 1 -> ny;
            case 2 -> nz;
            default -> throw new IllegalArgumentException("axis must be 0, 1 or 2: " + axis);
        };
    }

    /** Linear index distance between neighbours along {@code axis}. */
    public int stride(int axis) {
        return switch (axis) {
            case 0 -> 1;
            case 1 -> nx;
            case 2 -> nx * ny;
            default -> throw new IllegalArgumentException("axis must be 0, 1 or 2: " + axis);
        };
    }

    /** Number of voxels. */
    public int voxels() {
        return nx * ny * nz;
    }

    /** Linear index of voxel (x, y, z). */
    public int index(int x, int y, int z) {
        return x + nx * (y + ny * z);
    }

    @Override
    public String toString() {
        return nx + "x" + ny + "x" + nz;
    }
}
