package org.cohortseg.measure;

/**
 * What one pass measures for one label of a label map. For an absent structure (no voxels)
 * {@code hu}, {@code centroidVoxel}, {@code centroidWorld}, {@code bboxMin} and {@code bboxMax} are null.
 *
 * @param labelId id in the label map
 * @param name structure name
 * @param voxelCount voxels with this label
 * @param volumeMm3 voxel count x voxel volume (mm3)
 * @param hu attenuation statistics, null when absent
 * @param centroidVoxel mean voxel index (x, y, z), null when absent
 * @param centroidWorld world position of the centroid (mm, RAS+), null when absent
 * @param bboxMin smallest voxel index per axis, null when absent
 * @param bboxMax largest voxel index per axis (inclusive), null when absent
 * @param touchesBorder whether the mask lies within 3 voxels of any face (TotalSegmentator's incomplete rule)
 */
public record StructureMeasures(int labelId, String name, long voxelCount, double volumeMm3, HuSummary hu,
                                double[] centroidVoxel, double[] centroidWorld, int[] bboxMin, int[] bboxMax,
                                boolean touchesBorder) {

    /** Volume in ml (cm3). */
    public double volumeMl() {
        return volumeMm3 / 1000.0;
    }

    /** True when no voxel has this label. */
    public boolean absent() {
        return voxelCount == 0;
    }

    /**
     * True when a structure that holds no air lies mostly (over half its voxels) in air: a
     * segmentation outside the body, or on an image without one. Null when absent.
     */
    public Boolean mostlyAir() {
        return absent() ? null : hu.airFraction() > 0.5 && !AirBearing.holdsAir(name);
    }

    /** Why the measures of this structure must not be used as values: "absent", "incomplete", or null when usable. */
    public String exclusionReason() {
        if (absent()) {
            return "absent";
        }
        return touchesBorder ? "incomplete" : null;
    }
}
