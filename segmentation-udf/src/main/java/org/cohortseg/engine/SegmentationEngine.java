package org.cohortseg.engine;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.List;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.ScaleFactors;
import org.cohortseg.nifti.VoxelArray;

/**
 * Segments a CT the way TotalSegmentator does: canonical RAS orientation, resampling to the model
 * spacing, nnU-Net's crop to the nonzero box ({@link NonzeroBox}), per-part normalisation and
 * sliding-window inference, merging of the parts by
 * structure name (later part wins; slice by slice as each part's windows finish), and the label
 * map back to the CT's own grid (nearest neighbour) and orientation. Every stage is timed.
 * The engine borrows its sessions from a {@link SessionRegistry} and holds the thread budget of
 * the task that runs it ({@link #workers()}).
 */
public final class SegmentationEngine {
    private final ModelSpec spec;
    private final EngineOptions options;
    private final List<PartNetwork> sessions;
    private final Parallel workers;
    private final SlidingWindowPredictor predictor;
    private final Resampler resampler;
    private final ImageContentCheck contentCheck;

    /**
     * An engine on sessions of the JVM's {@link SessionRegistry#shared() registry}.
     *
     * @throws ModelSpecException when a part's ONNX file does not fit the spec or cannot be loaded
     */
    public SegmentationEngine(ModelSpec spec, EngineOptions options) throws ModelSpecException {
        this(SessionRegistry.shared().open(spec, options), options);
    }

    /** An engine on open sessions (its threads and batch size from {@code options}). */
    public SegmentationEngine(ModelSessions model, EngineOptions options) {
        this.spec = model.spec();
        this.options = options;
        this.sessions = model.parts();
        this.workers = new Parallel(options.workerThreads());
        this.predictor = new SlidingWindowPredictor(spec, options.batchSize(), workers);
        this.resampler = new Resampler(workers);
        this.contentCheck = new ImageContentCheck(workers, options.minBodyMl());
    }

    /** The model this engine runs. */
    public ModelSpec spec() {
        return spec;
    }

    /** The engine's worker threads: the thread budget for the stages around it as well. */
    public Parallel workers() {
        return workers;
    }

    /** The device the first part runs on (after any CUDA fallback). */
    public Device device() {
        return sessions.get(0).device();
    }

    /**
     * Segments {@code ct}. The engine keeps no reference to the CT once it is resampled, so a
     * caller that does not hold it either lets it go during inference.
     *
     * @throws OrtException when a network fails
     * @throws IOException when the resampled CT cannot be spilled to or read from disk
     * @throws InvalidImageDataException when voxels are NaN or infinite
     * @throws NoBodyException when the CT holds no body tissue
     * @throws ModelGridTooLargeException when the scan's model grid needs more than the heap allows
     * @throws ArithmeticException when a network produces non-finite logits
     */
    public Segmentation segment(NiftiImage ct) throws OrtException, IOException {
        StageTimings t = new StageTimings();
        Shape shape = ct.shape();
        Affine affine = ct.affine();
        double[] voxelSizes = ct.voxelSizes();
        Reorientation toCanonical = Reorientation.toCanonical(affine, shape);
        Shape modelGrid;
        byte[] merged;
        try (ModelGridImage input = modelGridInput(ct, toCanonical, t)) {
            ct = null; // not needed any more: let it go while the networks run
            modelGrid = input.shape();
            merged = new byte[modelGrid.voxels()];
            NonzeroBox box = t.time(Stage.NORMALIZE, () -> NonzeroBox.of(input));
            if (box.isWhole(modelGrid)) {
                predictParts(input, merged, t);
            } else {
                try (ModelGridImage inside = box.cut(input, options.spillDirectory(), spec.patchXyz()[2])) {
                    byte[] labels = new byte[box.shape().voxels()];
                    predictParts(inside, labels, t);
                    box.paste(labels, merged, modelGrid);
                }
            }
        }
        VoxelArray labels = t.time(Stage.RESTORE, () -> VoxelArray.ofUint8(
                modelGrid.equals(toCanonical.targetShape()) && toCanonical.isIdentity() ? merged
                        : resampler.nearest(merged, modelGrid, toCanonical)));
        return new Segmentation(new NiftiImage(shape, labels, affine, voxelSizes, ScaleFactors.IDENTITY), modelGrid, t);
    }

    /**
     * Runs every part over {@code image} and merges their labels into {@code labels} (later parts
     * win), each under a lease of its network: with {@link SessionLifetime#PART} one part's
     * sessions are open at a time, and opening them counts as {@code infer}.
     */
    private void predictParts(ModelGridImage image, byte[] labels, StageTimings t) throws OrtException,
            ModelSpecException {
        for (int p = 0; p < sessions.size(); p++) {
            ModelPart part = spec.parts().get(p);
            PartNetwork network = sessions.get(p);
            try (PartNetwork.Lease lease = t.time(Stage.INFER, network::lease)) {
                predictor.predictInto(image, part.normalization(), network, part.channels(), labels,
                        spec.globalIds(part), t);
            }
        }
    }

    /**
     * The CT in canonical orientation, resampled to the model spacing (read through the
     * reorientation, never copied): in memory, or spilled to disk when it is more than twice as
     * deep as a window (then the heap holds only a ring of slices, whatever the scan length).
     */
    private ModelGridImage modelGridInput(NiftiImage ct, Reorientation toCanonical, StageTimings t) throws IOException {
        t.time(Stage.ORIENT, () -> {
            contentCheck.check(ct);
            return null;
        });
        new ModelGridBudget(spec, options.spillDirectory() != null).check(toCanonical.targetShape(),
                toCanonical.permute(ct.voxelSizes()));
        Shape grid = Resampler.modelGrid(ct, toCanonical, spec.spacing());
        int depth = spec.patchXyz()[2];
        if (options.spillDirectory() == null || grid.nz() <= 2 * depth) {
            return t.time(Stage.RESAMPLE, () -> resampler.toSpacing(ct, toCanonical, spec.spacing()));
        }
        SpilledImage spilled = new SpilledImage(grid, depth, options.spillDirectory());
        try {
            t.time(Stage.RESAMPLE, () -> {
                resampler.toSpacing(ct, toCanonical, spec.spacing(), spilled::write);
                return null;
            });
            return spilled;
        } catch (RuntimeException e) {
            spilled.close();
            throw e;
        }
    }
}
