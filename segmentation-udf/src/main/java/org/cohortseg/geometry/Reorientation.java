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

    /** The transform that changes nothing on {@code shape}. */
    public static Reorientation identity(Shape shape) {
        return new Reorientation(shape, new int[] {0, 1, 2}, new boolean[3]);
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

    /** Per-axis values of the source grid (e.g. voxel sizes) in the order of the output axes. */
    public double[] permute(double[] perSourceAxis) {
        return new double[] {perSourceAxis[sourceAxis[0]], perSourceAxis[sourceAxis[1]], perSourceAxis[sourceAxis[2]]};
    }

    /** Where each output voxel lies in the source grid's linear (x fastest) order. */
    public SourceIndex sourceIndex() {
        int[] step = new int[3];
        int base = 0;
        for (int j = 0; j < 3; j++) {
            int stride = sourceShape.stride(sourceAxis[j]);
            step[j] = flip[j] ? -stride : stride;
            base += flip[j] ? (sourceShape.extent(sourceAxis[j]) - 1) * stride : 0;
        }
        return new SourceIndex(base, step[0], step[1], step[2]);
    }

    /**
     * The source grid's linear index of output voxel (x, y, z): {@code base + x*stepX + y*stepY + z*stepZ}
     * (steps are negative along flipped axes).
     */
    public record SourceIndex(int base, int stepX, int stepY, int stepZ) {
        /** The source index of output voxel (0, y, z): an output row runs from there in steps of {@code stepX}. */
        public int rowStart(int y, int z) {
            return base + y * stepY + z * stepZ;
        }
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
