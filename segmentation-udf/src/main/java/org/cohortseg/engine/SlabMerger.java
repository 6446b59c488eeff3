package org.cohortseg.engine;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.geometry.Shape;

/**
 * Blends window logits into a label map while holding only a slab of the volume: windows arrive
 * in non-decreasing z order, and slices no later window can reach are argmaxed and released. The
 * slab is a ring of {@code patch z} slices, so memory grows with the slice area and the number of
 * classes, never with the scan length. Each finished slice goes to a {@link SliceSink}; no label
 * map of the whole (padded) image is made here.
 *
 * <p>The arithmetic is nnU-Net v2's, rounding for rounding, so labels agree with its predictor
 * wherever two channels are not tied: each window's float32 logits times the float16 Gaussian
 * importance ({@link GaussianImportance#nnunetHalf}) are added to a float16 sum per channel and
 * voxel (the addition in float32, then rounded to float16, as PyTorch adds a float32 tensor into a
 * float16 one), the weights to a float16 weight sum the same way, windows in nnU-Net's order (z,
 * then y, then x); a finished voxel's value is the float16 quotient of the two, and its label the
 * argmax, ties to the lower channel as numpy's. float16 sums also halve the slab, the largest
 * allocation of the engine. The arithmetic is done row by row by {@link HalfRows}: on SIMD lanes
 * where the JVM has the vector module.
 */
public final class SlabMerger {
    private static final int MAX_GROUP_SHORTS = 1 << 23; // 16 MiB per array
    private final Shape image;
    private final int px;
    private final int py;
    private final int pz;
    private final int channels;
    private final float[] importance;
    private final float[] ones;
    private final HalfRows rows;
    /**
     * Channel c's ring is {@code channelArray[c]} from {@code channelOffset[c]}: small channels
     * share arrays of up to 16 MiB, larger ones have one each, since the collector does not move
     * large arrays and a heap sized to the engine's need seldom has hundreds of MiB free in one piece.
     */
    private final short[][] channelArray;
    private final int[] channelOffset;
    private final short[] weightRing;
    private final byte[] sliceLabels;
    private final int[] sliceChannels;
    private final int[] bestKey;
    private final float[] totalWeight;
    private final Parallel parallel;
    private final SliceSink sink;
    private final int sliceSize;
    private int finalizedUpTo;
    private int currentZ;
    private boolean finished;

    /**
     * @param image padded image shape (at least the patch on every axis)
     * @param patchXyz patch size
     * @param channels output channels (background included), at most 256
     * @param importance Gaussian importance map, patch-sized, x fastest, of float16 values
     * @param parallel threads that blend a window's slices
     * @param sink receives each finished slice, in z order
     */
    public SlabMerger(Shape image, int[] patchXyz, int channels, float[] importance, Parallel parallel, SliceSink sink) {
        this(image, patchXyz, channels, importance, parallel, sink, HalfRows.fastest());
    }

    /** As above, on the given row operations. */
    SlabMerger(Shape image, int[] patchXyz, int channels, float[] importance, Parallel parallel, SliceSink sink, HalfRows rows) {
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
        this.ones = new float[px];
        Arrays.fill(ones, 1f);
        this.rows = rows;
        this.sliceSize = image.nx() * image.ny();
        int channelSize = Math.multiplyExact(pz, sliceSize);
        int groupSize = Math.max(1, Math.min(channels, MAX_GROUP_SHORTS / channelSize));
        this.channelArray = new short[channels][];
        this.channelOffset = new int[channels];
        for (int c = 0; c < channels; c++) {
            int inGroup = c % groupSize;
            channelArray[c] = inGroup == 0 ? new short[Math.min(groupSize, channels - c) * channelSize] : channelArray[c - 1];
            channelOffset[c] = inGroup * channelSize;
        }
        this.weightRing = new short[pz * sliceSize];
        this.sliceLabels = new byte[sliceSize];
        this.sliceChannels = new int[sliceSize];
        this.bestKey = new int[sliceSize];
        this.totalWeight = new float[sliceSize];
        this.parallel = parallel;
        this.sink = sink;
    }

    /** Receives finished slices. */
    @FunctionalInterface
    public interface SliceSink {
        /**
         * @param z the slice of the padded image
         * @param channels the winning channel of each voxel of the slice, x fastest (a buffer
         *     reused for the next slice: copy what is kept)
         */
        void accept(int z, byte[] channels);
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
        parallel.forEachRange(pz, (first, end) -> { // each dz has its own ring slice; scratch rows once per range
            addSlabs(logits, offset, w, first, end, new float[px]);
        });
    }

    /**
     * Slices {@code [firstDz, endDz)} of a window: the weights, then channel by channel, so that each
     * channel's logits are read in order.
     */
    private void addSlabs(FloatBuffer logits, int offset, WindowPlanner.Window w, int firstDz, int endDz, float[] row) {
        int patchVoxels = px * py * pz;
        for (int dz = firstDz; dz < endDz; dz++) {
            for (int dy = 0; dy < py; dy++) {
                rows.accumulate(weightRing, ringRow(w, dz, dy), importance, (dz * py + dy) * px, ones, 0, px);
            }
        }
        for (int c = 0; c < channels; c++) {
            for (int dz = firstDz; dz < endDz; dz++) {
                for (int dy = 0; dy < py; dy++) {
                    int patchRow = (dz * py + dy) * px;
                    logits.get(offset + c * patchVoxels + patchRow, row, 0, px); // bulk copy into an array
                    rows.accumulate(channelArray[c], channelOffset[c] + ringRow(w, dz, dy), row, 0, importance, patchRow, px);
                }
            }
        }
    }

    /** Where row {@code dy} of slice {@code dz} of window {@code w} starts in a channel's ring. */
    private int ringRow(WindowPlanner.Window w, int dz, int dy) {
        return ((w.z() + dz) % pz) * sliceSize + (w.y() + dy) * image.nx() + w.x();
    }

    /**
     * Finalises every remaining slice.
     *
     * @throws IllegalStateException when called twice
     * @throws ArithmeticException when a voxel was never covered or its logits are not finite
     */
    public void finish() {
        if (finished) {
            throw new IllegalStateException("finish called twice");
        }
        finalizeBelow(image.nz());
        finished = true;
    }

    private void finalizeBelow(int z) {
        for (; finalizedUpTo < z; finalizedUpTo++) {
            int ringSlice = (finalizedUpTo % pz) * sliceSize;
            long first = (long) finalizedUpTo * sliceSize;
            parallel.forEachRange(sliceSize, (from, to) -> argmax(ringSlice, first, from, to));
            sink.accept(finalizedUpTo, sliceLabels);
        }
    }

    /**
     * The labels of voxels {@code [from, to)} of one ring slice, which is then cleared. Channels are
     * the outer loop so that each is read in sequence (a channel's slab is megabytes from the next).
     */
    private void argmax(int ringSlice, long firstVoxel, int from, int to) {
        for (int v = from; v < to; v++) {
            float weight = HalfFloat.toFloat(weightRing[ringSlice + v]);
            if (!(weight > 0)) {
                throw new ArithmeticException("voxel " + (firstVoxel + v) + " was covered by no window");
            }
            totalWeight[v] = weight;
        }
        Arrays.fill(bestKey, from, to, Integer.MIN_VALUE);
        Arrays.fill(sliceChannels, from, to, 0);
        for (int c = 0; c < channels; c++) {
            short[] group = channelArray[c];
            int base = channelOffset[c] + ringSlice;
            rows.divide(group, base + from, totalWeight, from, to - from); // in place: the ring slice is cleared next
            int nonFinite = rows.argmaxStep(group, base, bestKey, sliceChannels, c, from, to);
            if (nonFinite >= 0) {
                throw new ArithmeticException("non-finite logits (or beyond float16's 65504) at voxel "
                        + (firstVoxel + nonFinite) + ": check the model's normalisation values and weights");
            }
            Arrays.fill(group, base + from, base + to, (short) 0);
        }
        Arrays.fill(weightRing, ringSlice + from, ringSlice + to, (short) 0);
        for (int v = from; v < to; v++) {
            sliceLabels[v] = (byte) sliceChannels[v];
        }
    }
}
