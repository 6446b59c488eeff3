package org.cohortseg.engine;

import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.util.List;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.geometry.Shape;

/**
 * Sliding-window inference of one part on a volume of HU values, as nnU-Net does it without
 * mirroring: the image is padded with 0 (in normalised units) to at least the patch (centred,
 * odd voxel after), the windows of {@link WindowPlanner} run in batches, their logits are blended
 * with the Gaussian importance map in a {@link SlabMerger}, and each finished slice of the argmax
 * is cropped back into the label map of all parts.
 *
 * <p>Neither a normalised nor a padded copy of the volume is made: each window is normalised
 * while it is cut out, so a part costs one window batch and one slab of logits, whatever the scan
 * length. Windows and logits pass through each thread's {@link WindowBuffers}, shared by all
 * parts. Window extraction and normalisation are timed as {@code normalize}, the network as
 * {@code infer}, blending and argmax as {@code blend}.
 */
public final class SlidingWindowPredictor {
    private final int[] patch;
    private final double step;
    private final float[] importance;
    private final int batchSize;
    private final int maxChannels;
    private final Parallel parallel;
    private final ThreadLocal<WindowBuffers> buffers = ThreadLocal.withInitial(WindowBuffers::new);

    /** @param parallel threads that blend the windows */
    public SlidingWindowPredictor(ModelSpec spec, int batchSize, Parallel parallel) {
        this.patch = spec.patchXyz();
        this.step = spec.step();
        this.importance = GaussianImportance.nnunetHalf(patch, spec.sigmaScale());
        this.batchSize = batchSize;
        this.maxChannels = spec.parts().stream().mapToInt(ModelPart::channels).max().orElse(1);
        this.parallel = parallel;
    }

    /**
     * Runs a network with {@code channels} outputs and its normalisation over {@code hu} and writes
     * {@code valueOf[c]} into {@code labels} (on the grid of {@code hu}) wherever channel
     * {@code c > 0} wins; background voxels keep what {@code labels} held, so later parts win.
     *
     * @throws OrtException when the network fails
     * @throws ArithmeticException when the network produces non-finite logits
     */
    public void predictInto(ModelGridImage hu, Normalization normalization, PartNetwork session, int channels,
                            byte[] labels, int[] valueOf, StageTimings timings) throws OrtException {
        Shape shape = hu.shape();
        int[] before = new int[3];
        int[] padded = new int[3];
        for (int a = 0; a < 3; a++) {
            int missing = Math.max(patch[a] - shape.extent(a), 0);
            before[a] = missing / 2;
            padded[a] = shape.extent(a) + missing;
        }
        Shape paddedShape = new Shape(padded[0], padded[1], padded[2]);
        List<WindowPlanner.Window> windows = WindowPlanner.plan(paddedShape, patch, step);
        SlabMerger merger = new SlabMerger(paddedShape, patch, channels, importance, parallel,
                (z, slice) -> writeSlice(slice, z - before[2], paddedShape, shape, before, labels, valueOf));
        Normalization.VoxelTransform transform = timings.time(Stage.NORMALIZE, () -> normalization.forImage(hu));
        int voxels = patch[0] * patch[1] * patch[2];
        WindowBuffers io = buffers.get();
        FloatBuffer batch = io.input(batchSize * voxels);
        // sized for the model's widest part at once: a buffer outgrown by a later part would hold its native
        // memory until a collection, and the heap sees few of those while the networks run
        FloatBuffer output = io.output(Math.multiplyExact(batchSize * Math.max(channels, maxChannels), voxels));
        for (int first = 0; first < windows.size(); first += batchSize) {
            int start = first;
            int n = Math.min(batchSize, windows.size() - first);
            timings.time(Stage.NORMALIZE, () -> {
                for (int b = 0; b < n; b++) {
                    copyWindow(hu, transform, before, windows.get(start + b), batch, b * voxels);
                }
                return null;
            });
            session.run(batch, output, n, patch, channels, timings, logits -> {
                for (int b = 0; b < n; b++) {
                    merger.add(logits, b * channels * voxels, windows.get(start + b));
                }
            });
        }
        timings.time(Stage.BLEND, () -> {
            merger.finish();
            return null;
        });
    }

    /** One finished slice of the padded image, cropped to the image, into the label map. */
    private static void writeSlice(byte[] slice, int z, Shape padded, Shape image, int[] before, byte[] labels,
                                   int[] valueOf) {
        if (z < 0 || z >= image.nz()) {
            return; // padding
        }
        for (int y = 0; y < image.ny(); y++) {
            int from = padded.index(before[0], y + before[1], 0);
            int to = image.index(0, y, z);
            for (int x = 0; x < image.nx(); x++) {
                int c = slice[from + x] & 0xFF;
                if (c != 0) {
                    labels[to + x] = (byte) valueOf[c];
                }
            }
        }
    }

    /** Cuts out one window, normalised; voxels in the padding are 0. */
    private void copyWindow(ModelGridImage hu, Normalization.VoxelTransform normalization, int[] before, WindowPlanner.Window w,
                            FloatBuffer batch, int offset) {
        Shape s = hu.shape();
        int i = offset;
        for (int dz = 0; dz < patch[2]; dz++) {
            int z = w.z() + dz - before[2];
            boolean sliceInside = z >= 0 && z < s.nz();
            float[] data = sliceInside ? hu.sliceArray(z) : null;
            int slice = sliceInside ? hu.sliceOffset(z) : 0;
            for (int dy = 0; dy < patch[1]; dy++) {
                int y = w.y() + dy - before[1];
                boolean rowInside = sliceInside && y >= 0 && y < s.ny();
                for (int dx = 0; dx < patch[0]; dx++, i++) {
                    int x = w.x() + dx - before[0];
                    batch.put(i, rowInside && x >= 0 && x < s.nx() ? normalization.apply(data[slice + y * s.nx() + x]) : 0f);
                }
            }
        }
    }

}
