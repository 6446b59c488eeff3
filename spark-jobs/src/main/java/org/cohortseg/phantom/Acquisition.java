package org.cohortseg.phantom;

import java.util.SplittableRandom;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;

/**
 * How one phantom scan is acquired and stored: voxel spacing, field of view (world mm, RAS+),
 * stored axis orientation and datatype.
 *
 * @param spacing voxel size along x, y, z of the canonical grid (mm)
 * @param fovMin lower world corner of the field of view
 * @param fovMax upper world corner of the field of view
 * @param orientation stored axis codes (nibabel style, e.g. "RAS", "LPS", "ASL")
 * @param storage stored datatype
 */
public record Acquisition(double[] spacing, double[] fovMin, double[] fovMax, String orientation, Storage storage) {
    /** The full field of view (mm): the whole phantom with a margin. */
    public static final double[] FULL_MIN = {-192, -150, -195};
    public static final double[] FULL_MAX = {192, 150, 210};
    private static final double[][] SPACINGS = {{3, 3, 3}, {1.5, 1.5, 3}, {2, 2, 5}, {0.8, 0.8, 2}};
    private static final double[] SPACING_P = {0.55, 0.2, 0.15, 0.1};
    private static final String[] ORIENTATIONS = {"RAS", "LPS", "LAS", "ASL", "IRP"};
    private static final double[] ORIENTATION_P = {0.4, 0.25, 0.15, 0.1, 0.1};

    /** How voxels are stored. */
    public enum Storage {
        /** HU as int16, no scaling. */
        INT16,
        /** float32 with scl_slope 0.5 and scl_inter -1024. */
        FLOAT32_SCALED
    }

    public Acquisition {
        spacing = spacing.clone();
        fovMin = fovMin.clone();
        fovMax = fovMax.clone();
    }

    @Override public double[] spacing() { return spacing.clone(); }
    @Override public double[] fovMin() { return fovMin.clone(); }
    @Override public double[] fovMax() { return fovMax.clone(); }

    /** Full field of view, RAS, int16, at the given spacing: the training-set acquisition. */
    public static Acquisition uniform(double[] spacing) {
        return new Acquisition(spacing, FULL_MIN, FULL_MAX, "RAS", Storage.INT16);
    }

    /**
     * A varied acquisition: spacing (unless fixed), orientation, datatype and field of view drawn at
     * random; about one scan in five has a cut field of view (cranial or lateral), which makes
     * structures incomplete.
     */
    public static Acquisition varied(SplittableRandom rng, double[] fixedSpacing) {
        double[] spacing = SPACINGS[pick(rng.nextDouble(), SPACING_P)];
        String orientation = ORIENTATIONS[pick(rng.nextDouble(), ORIENTATION_P)];
        Storage storage = rng.nextDouble() < 0.7 ? Storage.INT16 : Storage.FLOAT32_SCALED;
        double[] min = FULL_MIN.clone();
        double[] max = FULL_MAX.clone();
        double cut = rng.nextDouble();
        if (cut < 0.12) {
            max[2] = 110; // cranial cut through liver and spleen
        } else if (cut < 0.2) {
            min[0] = -128; // lateral cuts through the hips
            max[0] = 128;
        }
        return new Acquisition(fixedSpacing != null ? fixedSpacing : spacing, min, max, orientation, storage);
    }

    private static int pick(double u, double[] p) {
        double c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i];
            if (u < c) {
                return i;
            }
        }
        return p.length - 1;
    }

    /** The canonical (RAS) grid of this acquisition. */
    public Shape canonicalShape() {
        return new Shape(extent(0), extent(1), extent(2));
    }

    private int extent(int axis) {
        return (int) Math.round((fovMax[axis] - fovMin[axis]) / spacing[axis]);
    }

    /** World coordinate of voxel centre {@code i} along canonical axis {@code axis}. */
    public double center(int axis, double i) {
        return fovMin[axis] + (i + 0.5) * spacing[axis];
    }

    /** The transform from the canonical grid to the stored one. */
    public Reorientation storedFromCanonical() {
        int[] source = new int[3];
        boolean[] flip = new boolean[3];
        for (int j = 0; j < 3; j++) {
            char c = orientation.charAt(j);
            source[j] = "RLAPSI".indexOf(c) / 2;
            flip[j] = "LPI".indexOf(c) >= 0;
        }
        return new Reorientation(canonicalShape(), source, flip);
    }

    /** Whether {@code bounds} lie inside the field of view. */
    public boolean inside(double[] bounds) {
        for (int a = 0; a < 3; a++) {
            if (bounds[a] < fovMin[a] || bounds[a + 3] > fovMax[a]) {
                return false;
            }
        }
        return true;
    }

    /** Spacing as "x,y,z" for manifests. */
    public String spacingText() {
        return spacing[0] + "x" + spacing[1] + "x" + spacing[2];
    }
}
