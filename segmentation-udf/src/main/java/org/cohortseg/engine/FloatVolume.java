package org.cohortseg.engine;

import java.util.Objects;
import org.cohortseg.geometry.Shape;

/**
 * A float volume on a canonical (RAS) grid, x fastest: the form the engine works on between
 * reading a CT and running the network.
 *
 * @param shape grid extents
 * @param data values (shared, not copied)
 * @param spacing voxel sizes in mm along x, y, z
 */
public record FloatVolume(Shape shape, float[] data, double[] spacing) implements ModelGridImage {

    public FloatVolume {
        Objects.requireNonNull(shape, "shape");
        if (data.length != shape.voxels()) {
            throw new IllegalArgumentException("data length " + data.length + " does not match shape " + shape);
        }
        if (spacing.length != 3) {
            throw new IllegalArgumentException("spacing needs 3 values");
        }
        spacing = spacing.clone();
    }

    @Override
    public double[] spacing() {
        return spacing.clone();
    }

    @Override
    public float[] sliceArray(int z) {
        return data;
    }

    @Override
    public int sliceOffset(int z) {
        return z * shape.nx() * shape.ny();
    }
}
