package org.cohortseg.nifti;

/**
 * Upper bounds checked against a header before any voxel memory is allocated.
 *
 * @param maxVoxels largest accepted number of voxels
 * @param maxBytes largest accepted size of the voxel data in bytes
 */
public record ReadLimits(long maxVoxels, long maxBytes) {
    /** At most 2^31-9 voxels (one Java array) and 2 GiB of voxel data. */
    public static final ReadLimits DEFAULT = new ReadLimits(Integer.MAX_VALUE - 8L, 2L << 30);

    public ReadLimits {
        if (maxVoxels < 1 || maxVoxels > Integer.MAX_VALUE - 8L) {
            throw new IllegalArgumentException("maxVoxels must be in 1..2^31-9 (one Java array): " + maxVoxels);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
    }
}
