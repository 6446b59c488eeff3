package org.cohortseg.measure;

/**
 * Attenuation statistics of one structure, in HU, over the CT values truncated to int16 as
 * TotalSegmentator computes them. Percentiles use linear interpolation between order statistics
 * (numpy's default, R's type 7).
 *
 * @param mean arithmetic mean
 * @param std population standard deviation (ddof = 0)
 * @param min smallest value
 * @param max largest value
 * @param median 50th percentile
 * @param p5 5th percentile
 * @param p95 95th percentile
 * @param airFraction share of voxels below {@value #AIR_HU} HU (air, as in a segmentation that leaked out of the body)
 */
public record HuSummary(double mean, double std, int min, int max, double median, double p5, double p95,
                        double airFraction) {
    /** Below this a voxel holds air (lung parenchyma and body tissue are above). */
    public static final int AIR_HU = -500;
}
