package org.cohortseg.nifti;

/**
 * What a header may declare, checked before any voxel memory is allocated, and whether a DICOM
 * series may be tilted.
 *
 * @param maxVoxels largest accepted number of voxels
 * @param maxBytes largest accepted size of the voxel data in bytes
 * @param minSpacingMm smallest plausible voxel size in mm
 * @param maxSpacingMm largest plausible voxel size in mm
 * @param refuseGantryTilt refuse a DICOM series with a gantry tilt instead of correcting it
 */
public record ReadLimits(long maxVoxels, long maxBytes, double minSpacingMm, double maxSpacingMm, boolean refuseGantryTilt)
        implements java.io.Serializable {
    /** Smallest default voxel size: finer than any clinical or micro-CT of a body. */
    public static final double MIN_SPACING_MM = 0.05;
    /** Largest default voxel size: coarser than any CT slice thickness in use. */
    public static final double MAX_SPACING_MM = 20;
    /** At most 2^31-9 voxels (one Java array), 2 GiB of voxel data, voxels of 0.05 to 20 mm. */
    public static final ReadLimits DEFAULT = new ReadLimits(Integer.MAX_VALUE - 8L, 2L << 30, MIN_SPACING_MM,
            MAX_SPACING_MM, false);

    public ReadLimits {
        if (maxVoxels < 1 || maxVoxels > Integer.MAX_VALUE - 8L) {
            throw new IllegalArgumentException("maxVoxels must be in 1..2^31-9 (one Java array): " + maxVoxels);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        if (!(minSpacingMm > 0 && minSpacingMm < maxSpacingMm && Double.isFinite(maxSpacingMm))) {
            throw new IllegalArgumentException("voxel size bounds must satisfy 0 < min < max: " + minSpacingMm
                    + ", " + maxSpacingMm);
        }
    }

    /** These limits with another largest number of voxels. */
    public ReadLimits withMaxVoxels(long voxels) {
        return new ReadLimits(voxels, maxBytes, minSpacingMm, maxSpacingMm, refuseGantryTilt);
    }

    /** These limits with other voxel size bounds. */
    public ReadLimits withSpacing(double minMm, double maxMm) {
        return new ReadLimits(maxVoxels, maxBytes, minMm, maxMm, refuseGantryTilt);
    }

    /** These limits, refusing (true) or correcting a gantry tilt. */
    public ReadLimits withGantryTiltRefused(boolean refuse) {
        return new ReadLimits(maxVoxels, maxBytes, minSpacingMm, maxSpacingMm, refuse);
    }
}
