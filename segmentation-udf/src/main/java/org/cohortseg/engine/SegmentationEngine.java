package org.cohortseg.engine;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.ScaleFactors;
import org.cohortseg.nifti.VoxelArray;

/**
 * Segments a CT the way TotalSegmentator does: canonical RAS orientation, resampling to the model
 * spacing, per-part CT normalisation and sliding-window inference, merging of the parts by
 * structure name (later part wins; slice by slice as each part's windows finish), and the label
 * map back to the CT's own grid (nearest neighbour) and orientation. Every stage is timed.
 * Sessions are opened (and checked against the spec) when the engine is built and shared through
 * {@link OnnxSessions}.
 */
public final class SegmentationEngine {
    private final ModelSpec spec;
    private final EngineOptions options;
    private final List<PartSession> sessions = new ArrayList<>();
    private final SlidingWindowPredictor predictor;
    private final Resampler resampler;
    private final ImageContentCheck contentCheck;

    /**
     * @throws ModelSpecException when a part's ONNX file does not fit the spec or cannot be loaded
     */
    public SegmentationEngine(ModelSpec spec, EngineOptions options) throws ModelSpecException {
        this.spec = spec;
        this.options = options;
        for (ModelPart part : spec.parts()) {
            sessions.add(OnnxSessions.get(spec, part, options));
        }
        Parallel parallel = new Parallel(options.workerThreads());
        this.predictor = new SlidingWindowPredictor(spec, options.batchSize(), parallel);
        this.resampler = new Resampler(parallel);
        this.contentCheck = new ImageContentCheck(parallel, options.minBodyMl());
    }

    /** The model this engine runs. */
    public ModelSpec spec() {
        return spec;
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
            for (int p = 0; p < sessions.size(); p++) {
                ModelPart part = spec.parts().get(p);
                predictor.predictInto(input, part.normalization(), sessions.get(p), part.channels(), merged,
                        spec.globalIds(part), t);
            }
        }
        Shape canonical = toCanonical.targetShape();
        VoxelArray labels = t.time(StageTimings.RESTORE, () -> {
            byte[] onCanonical = modelGrid.equals(canonical) ? merged : resampler.nearest(merged, modelGrid, canonical);
            return toCanonical.inverse().apply(VoxelArray.ofUint8(onCanonical));
        });
        return new Segmentation(new NiftiImage(shape, labels, affine, voxelSizes, ScaleFactors.IDENTITY), modelGrid, t);
    }

    /**
     * The CT in canonical orientation, resampled to the model spacing: in memory, or spilled to
     * disk when it is more than twice as deep as a window (then the heap holds only a ring of
     * slices, whatever the scan length).
     */
    private ModelGridImage modelGridInput(NiftiImage ct, Reorientation toCanonical, StageTimings t) throws IOException {
        NiftiImage canonical = t.time(StageTimings.ORIENT, () -> {
            contentCheck.check(ct);
            return toCanonical.apply(ct);
        });
        new ModelGridBudget(spec, options.spillDirectory() != null).check(canonical.shape(), canonical.voxelSizes());
        Shape grid = Resampler.modelGrid(canonical, spec.spacing());
        int depth = spec.patchXyz()[2];
        if (options.spillDirectory() == null || grid.nz() <= 2 * depth) {
            return t.time(StageTimings.RESAMPLE, () -> resampler.toSpacing(canonical, spec.spacing()));
        }
        SpilledImage spilled = new SpilledImage(grid, depth, options.spillDirectory());
        try {
            t.time(StageTimings.RESAMPLE, () -> {
                resampler.toSpacing(canonical, spec.spacing(), spilled::write);
                return null;
            });
            return spilled;
        } catch (RuntimeException e) {
            spilled.close();
            throw e;
        }
    }
}
