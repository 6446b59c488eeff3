package org.cohortseg.engine;

import java.io.IOException;
import java.nio.file.Path;
import org.cohortseg.geometry.Shape;

/**
 * The bounding box of the nonzero voxels of the model-grid image: nnU-Net crops every image to it
 * before the sliding window (its "crop to nonzero"; filling holes in the mask does not move the
 * box) and labels everything outside it background. A CT rarely holds an exact 0 at its faces, so
 * the box is usually the whole grid; where it is not (zero padding), the windows are placed on
 * the box as nnU-Net places them.
 *
 * @param x first x inside the box
 * @param y first y inside the box
 * @param z first z inside the box
 * @param shape extents of the box
 */
public record NonzeroBox(int x, int y, int z, Shape shape) {

    /** The box of {@code image}'s nonzero voxels (the whole grid when it has none), read in ascending z. */
    public static NonzeroBox of(ModelGridImage image) {
        Shape s = image.shape();
        int[] low = {s.nx(), s.ny(), s.nz()};
        int[] high = {-1, -1, -1};
        for (int z = 0; z < s.nz(); z++) {
            float[] data = image.sliceArray(z);
            int offset = image.sliceOffset(z);
            for (int y = 0; y < s.ny(); y++) {
                int row = offset + y * s.nx();
                for (int x = 0; x < s.nx(); x++) {
                    if (data[row + x] != 0) {
                        low[0] = Math.min(low[0], x);
                        high[0] = Math.max(high[0], x);
                        low[1] = Math.min(low[1], y);
                        high[1] = y;
                        low[2] = Math.min(low[2], z);
                        high[2] = z;
                    }
                }
            }
        }
        if (high[2] < 0) {
            return new NonzeroBox(0, 0, 0, s);
        }
        return new NonzeroBox(low[0], low[1], low[2],
                new Shape(high[0] - low[0] + 1, high[1] - low[1] + 1, high[2] - low[2] + 1));
    }

    /** Whether the box is all of {@code grid}. */
    public boolean isWhole(Shape grid) {
        return x == 0 && y == 0 && z == 0 && shape.equals(grid);
    }

    /**
     * The part of {@code image} inside the box: in memory, or spilled like the image when a spill
     * folder is given.
     */
    public ModelGridImage cut(ModelGridImage image, Path spillDirectory, int depth) throws IOException {
        int nx = image.shape().nx();
        if (spillDirectory == null) {
            float[] inside = new float[shape.voxels()];
            for (int dz = 0; dz < shape.nz(); dz++) {
                copyRows(image, nx, dz, inside, dz * shape.nx() * shape.ny());
            }
            return new FloatVolume(shape, inside, new double[] {1, 1, 1});
        }
        SpilledImage spilled = new SpilledImage(shape, depth, spillDirectory);
        float[] slice = new float[shape.nx() * shape.ny()];
        for (int dz = 0; dz < shape.nz(); dz++) {
            copyRows(image, nx, dz, slice, 0);
            spilled.write(dz, slice);
        }
        return spilled;
    }

    private void copyRows(ModelGridImage image, int nx, int dz, float[] to, int at) {
        float[] data = image.sliceArray(z + dz);
        int offset = image.sliceOffset(z + dz);
        for (int dy = 0; dy < shape.ny(); dy++) {
            System.arraycopy(data, offset + (y + dy) * nx + x, to, at + dy * shape.nx(), shape.nx());
        }
    }

    /** Writes the labels of the box into the labels of the whole grid (zero outside the box). */
    public void paste(byte[] inside, byte[] whole, Shape grid) {
        for (int dz = 0; dz < shape.nz(); dz++) {
            for (int dy = 0; dy < shape.ny(); dy++) {
                System.arraycopy(inside, (dz * shape.ny() + dy) * shape.nx(), whole, grid.index(x, y + dy, z + dz),
                        shape.nx());
            }
        }
    }
}
