package org.cohortseg.nifti;

/**
 * The linear scaling {@code value = raw * slope + inter} that turns stored voxels into physical
 * values (HU for CT), with nibabel's rules: a slope of 0 or a non-finite slope means no scaling.
 *
 * @param slope multiplier
 * @param inter offset
 */
public record ScaleFactors(double slope, double inter) {
    /** No scaling. */
    public static final ScaleFactors IDENTITY = new ScaleFactors(1, 0);

    /**
     * The scaling a header declares, as nibabel reads it.
     *
     * @throws InvalidHeaderException when the slope is valid but the intercept is not finite
     */
    public static ScaleFactors of(NiftiHeader header, String source) throws InvalidHeaderException {
        double slope = header.sclSlope();
        double inter = header.sclInter();
        if (slope == 0 || !Double.isFinite(slope)) {
            return IDENTITY;
        }
        if (!Double.isFinite(inter)) {
            throw new InvalidHeaderException(source, "valid scl_slope " + slope + " but invalid scl_inter " + inter);
        }
        return new ScaleFactors(slope, inter);
    }

    /** True when values equal raw values. */
    public boolean isIdentity() {
        return slope == 1 && inter == 0;
    }

    /** The physical value of a raw stored value (two roundings, no fused multiply-add, as numpy). */
    public double apply(double raw) {
        return raw * slope + inter;
    }
}
