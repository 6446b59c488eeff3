package org.cohortseg.engine;

import java.nio.FloatBuffer;

import org.cohortseg.geometry.Shape;

/**
 * Blends window logits into a label map while holding only a slab of the volume: windows arrive
 * in non-decreasing z order, and slices no later window can reach are argmaxed and released. The
 * slab is a ring of {@code patch z} slices, so memory grows with the slice area and the number of
 * classes, never with the scan length.
 *
 * <p>Each window's logits are weighted by the Gaussian importance map; a voxel's result is the
 * argmax of its weighted logit sum (dividing by the summed weights, as nnU-Net does, does not
 * change the argmax, but the weights are kept to check that every voxel was covered). Ties go to
 * the lower channel, as numpy's argmax.
 */
public final class SlabMerger {
    private final Shape image;
    private final int px;
    private final int py;
    private final int pz;
    private final int channels;
    private final float[] importance;
    private final float[] logitRing;
    private final float[] weightRing;
    private final byte[] labels;
    private final float[] rowBuffer;
    private final int sliceSize;
    private int finalizedUpTo;
    private int currentZ;
    private boolean finished;

    /**
     * @param image padded image shape (at least the patch on every axis)
     * @param patchXyz patch size
     * @param channels output channels (background included), at most 256
     * @param importance Gaussian importance map, patch-sized, x fastest
     */
    public SlabMerger(Shape image, int[] patchXyz, int channels, float[] importance) {
        if (channels < 1 || channels > 256) {
            throw new IllegalArgumentException("channels must be in 1..256: " + channels);
        }
        this.image = image;
        this.px = patchXyz[0];
        this.py = patchXyz[1];
        this.pz = patchXyz[2];
        if (importance.length != px * py * pz) {
            throw new IllegalArgumentException("importance map does not match the patch");
        }
        this.channels = channels;
        this.importance = importance;
        this.sliceSize = image.nx() * image.ny();
        this.logitRing = new float[Math.multiplyExact(Math.multiplyExact(channels, pz), sliceSize)];
        this.weightRing = new float[pz * sliceSize];
        this.labels = new byte[image.voxels()];
        this.rowBuffer = new float[px];
    }

    /**
     * Adds one window's logits ([channels, pz, py, px], C order, from {@code offset}) at {@code w}.
     *
     * @throws IllegalStateException after {@link #finish()} or when windows go back in z
     */
    public void add(FloatBuffer logits, int offset, WindowPlanner.Window w) {
        if (finished) {
            throw new IllegalStateException("add after finish");
        }
        if (w.z() < currentZ) {
            throw new IllegalStateException("windows must come in non-decreasing z: " + w.z() + " after " + currentZ);
        }
        if (w.z() > currentZ) {
            finalizeBelow(w.z());
            currentZ = w.z();
        }
        int patchVoxels = px * py * pz;
        for (int dz = 0; dz < pz; dz++) {
            int ringSlice = ((w.z() + dz) % pz) * sliceSize;
            for (int dy = 0; dy < py; dy++) {
                int row = ringSlice + (w.y() + dy) * image.nx() + w.x();
                int patchRow = (dz * py + dy) * px;
                for (int dx = 0; dx < px; dx++) {
                    weightRing[row + dx] += importance[patchRow + dx];
                }
                for (int c = 0; c < channels; c++) {
                    int ring = c * pz * sliceSize + row;
                    logits.get(offset + c * patchVoxels + patchRow, rowBuffer, 0, px); // bulk copy: a plain array loop below
                    for (int dx = 0; dx < px; dx++) {
                        logitRing[ring + dx] += rowBuffer[dx] * importance[patchRow + dx];
                    }
                }
            }
        }
    }

    /**
     * Finalises every remaining slice and returns the channel-index label map of the padded image.
     *
     * @throws IllegalStateException when called twice
     * @throws ArithmeticException when a voxel was never covered or its logits are not finite
     */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("finish called twice");
        }
        finalizeBelow(image.nz());
        finished = true;
        return labels;
    }

    private void finalizeBelow(int z) {
        for (; finalizedUpTo < z; finalizedUpTo++) {
            int ringSlice = (finalizedUpTo % pz) * sliceSize;
            int out = finalizedUpTo * sliceSize;
            for (int v = 0; v < sliceSize; v++) {
                if (!(weightRing[ringSlice + v] > 0)) {
                    throw new ArithmeticException("voxel " + (out + v) + " was covered by no window");
                }
                int best = 0;
                float bestValue = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < channels; c++) {
                    float value = logitRing[c * pz * sliceSize + ringSlice + v];
                    if (!Float.isFinite(value)) {
                        throw new ArithmeticException("non-finite logits at voxel " + (out + v)
                                + ": check the model's normalisation values and weights");
                    }
                    if (value > bestValue) {
                        best = c;
                        bestValue = value;
                    }
                }
                labels[out + v] = (byte) best;
                weightRing[ringSlice + v] = 0;
                for (int c = 0; c < channels; c++) {
                    logitRing[c * pz * sliceSize + ringSlice + v] = 0;
                }
            }
        }
    }
}
