package org.cohortseg.engine;

import ai.onnxruntime.OrtException;
import java.util.List;
import org.cohortseg.geometry.Shape;

/**
 * Sliding-window inference of one part on a normalised volume, as nnU-Net does it without
 * mirroring: pad with 0 to at least the patch (centred, odd voxel after), run the windows of
 * {@link WindowPlanner} in batches, blend them with the Gaussian importance map in a
 * {@link SlabMerger}, take the argmax and remove the padding.
 */
public final class SlidingWindowPredictor {
    private final int[] patch;
    private final double step;
    private final float[] importance;
    private final int batchSize;

    public SlidingWindowPredictor(ModelSpec spec, int batchSize) {
        this.patch = spec.patchXyz();
        this.step = spec.step();
        this.importance = GaussianImportance.of(patch, spec.sigmaScale());
        this.batchSize = batchSize;
    }

    /**
     * Channel-index labels (0 = background) on the grid of {@code normalized}, for a network with
     * {@code channels} outputs.
     *
     * @throws OrtException when the network fails
     * @throws ArithmeticException when the network produces non-finite logits
     */
    public byte[] labels(FloatVolume normalized, PartSession session, int channels) throws OrtException {
        Shape shape = normalized.shape();
        int[] before = new int[3];
        int[] padded = new int[3];
        for (int a = 0; a < 3; a++) {
            int missing = Math.max(patch[a] - shape.extent(a), 0);
            before[a] = missing / 2;
            padded[a] = shape.extent(a) + missing;
        }
        Shape paddedShape = new Shape(padded[0], padded[1], padded[2]);
        float[] image = pad(normalized.data(), shape, paddedShape, before);
        List<WindowPlanner.Window> windows = WindowPlanner.plan(paddedShape, patch, step);
        SlabMerger merger = new SlabMerger(paddedShape, patch, channels, importance);
        int voxels = patch[0] * patch[1] * patch[2];
        float[] batch = new float[batchSize * voxels];
        for (int first = 0; first < windows.size(); first += batchSize) {
            int n = Math.min(batchSize, windows.size() - first);
            for (int b = 0; b < n; b++) {
                copyWindow(image, paddedShape, windows.get(first + b), batch, b * voxels);
            }
            float[] logits = session.run(batch, n, patch, channels);
            for (int b = 0; b < n; b++) {
                merger.add(logits, b * channels * voxels, windows.get(first + b));
            }
        }
        byte[] labels = merger.finish();
        return image == normalized.data() ? labels : crop(labels, paddedShape, shape, before);
    }

    private void copyWindow(float[] image, Shape s, WindowPlanner.Window w, float[] batch, int offset) {
        int i = offset;
        for (int dz = 0; dz < patch[2]; dz++) {
            for (int dy = 0; dy < patch[1]; dy++) {
                System.arraycopy(image, s.index(w.x(), w.y() + dy, w.z() + dz), batch, i, patch[0]);
                i += patch[0];
            }
        }
    }

    private static float[] pad(float[] data, Shape from, Shape to, int[] before) {
        if (from.equals(to)) {
            return data;
        }
        float[] out = new float[to.voxels()]; // padding value 0, as nnU-Net pads normalised images
        for (int z = 0; z < from.nz(); z++) {
            for (int y = 0; y < from.ny(); y++) {
                System.arraycopy(data, from.index(0, y, z), out, to.index(before[0], y + before[1], z + before[2]), from.nx());
            }
        }
        return out;
    }

    private static byte[] crop(byte[] labels, Shape padded, Shape to, int[] before) {
        byte[] out = new byte[to.voxels()];
        for (int z = 0; z < to.nz(); z++) {
            for (int y = 0; y < to.ny(); y++) {
                System.arraycopy(labels, padded.index(before[0], y + before[1], z + before[2]), out, to.index(0, y, z), to.nx());
            }
        }
        return out;
    }
}
