package org.cohortseg.geometry;

import java.util.Arrays;

/**
 * A permutation and flip of voxel axes (no interpolation), with its exact inverse. Used to bring an
 * image to the closest canonical RAS orientation, as nibabel's {@code as_closest_canonical}, and to
 * bring label maps computed there back to the original grid. Index arithmetic only: the voxels are
 * moved by {@code NiftiImage.reoriented} and {@code VoxelArray.reoriented}.
 *
 * <p>Output voxel axis {@code j} runs along source axis {@code sourceAxis[j]}, reversed where
 * {@code flip[j]}.
 *
 * @param sourceShape shape of the grid the transform applies to
 * @param sourceAxis for each output axis, the source axis it comes from
 * @param flip for each output axis, whether it is reversed
 */
public record Reorientation(Shape sourceShape, int[] sourceAxis, boolean[] flip) {

    public Reorientation {
        sourceAxis = sourceAxis.clone();
        flip = flip.clone();
        int[] sorted = sourceAxis.clone();
        Arrays.sort(sorted);
        if (!Arrays.equals(sorted, new int[] {0, 1, 2}) || flip.length != 3) {
            throw new IllegalArgumentException("not a permutation of 3 axes: " + Arrays.toString(sourceAxis));
        }
    }

    @Override public int[] sourceAxis() { return sourceAxis.clone(); }
    @Override public boolean[] flip() { return flip.clone(); }

    /** The transform from a grid with {@code affine} and {@code shape} to the closest canonical RAS grid. */
    public static Reorientation toCanonical(Affine affine, Shape shape) {
        Orientation o = Orientation.of(affine);
        int[] worldAxis = o.worldAxis();
        boolean[] positive = o.positive();
        int[] source = new int[3];
        boolean[] flip = new boolean[3];
        for (int in = 0; in < 3; in++) {
            source[worldAxis[in]] = in;
            flip[worldAxis[in]] = !positive[in];
        }
        return new Reorientation(shape, source, flip);
    }

    /** True when the transform changes nothing. */
    public boolean isIdentity() {
        return Arrays.equals(sourceAxis, new int[] {0, 1, 2}) && !flip[0] && !flip[1] && !flip[2];
    }

    /** Shape of the output grid. */
    public Shape targetShape() {
        return new Shape(sourceShape.extent(sourceAxis[0]), sourceShape.extent(sourceAxis[1]),
                sourceShape.extent(sourceAxis[2]));
    }

    /** The transform that undoes this one (from the target grid back to the source grid). */
    public Reorientation inverse() {
        int[] source = new int[3];
        boolean[] inverseFlip = new boolean[3];
        for (int j = 0; j < 3; j++) {
            source[sourceAxis[j]] = j;
            inverseFlip[sourceAxis[j]] = flip[j];
        }
        return new Reorientation(targetShape(), source, inverseFlip);
    }

    /**
     * The affine of the output grid: {@code affine * T} where T maps output voxel indices to source
     * voxel indices.
     */
    public Affine apply(Affine affine) {
        double[] t = new double[16];
        for (int j = 0; j < 3; j++) {
            int a = sourceAxis[j];
            t[a * 4 + j] = flip[j] ? -1 : 1;
            t[a * 4 + 3] = flip[j] ? sourceShape.extent(a) - 1 : 0;
        }
        t[15] = 1;
        return affine.multiply(Affine.ofRowMajor(t));
    }
}
