package org.cohortseg.engine;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.ScaleFactors;
import org.cohortseg.nifti.VoxelArray;

/**
 * Segments a CT the way TotalSegmentator does: canonical RAS orientation, resampling to the model
 * spacing, per-part CT normalisation and sliding-window inference, merging of the parts by
 * structure name (later part wins), and the label map back to the CT's own grid (nearest
 * neighbour) and orientation. Every stage is timed. Sessions are opened (and checked against the
 * spec) when the engine is built and shared through {@link OnnxSessions}.
 */
public final class SegmentationEngine {
    private final ModelSpec spec;
    private final EngineOptions options;
    private final List<PartSession> sessions = new ArrayList<>();
    private final SlidingWindowPredictor predictor;
    private final Resampler resampler;

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
     * Segments {@code ct}.
     *
     * @throws OrtException when a network fails
     * @throws ArithmeticException when a network produces non-finite logits
     */
    public Segmentation segment(NiftiImage ct) throws OrtException {
        StageTimings t = new StageTimings();
        Reorientation toCanonical = Reorientation.toCanonical(ct.affine(), ct.shape());
        NiftiImage canonical = t.time(StageTimings.ORIENT, () -> toCanonical.apply(ct));
        FloatVolume input = t.time(StageTimings.RESAMPLE, () -> resampler.toSpacing(canonical, spec.spacing()));
        byte[] merged = new byte[input.shape().voxels()];
        for (int p = 0; p < sessions.size(); p++) {
            ModelPart part = spec.parts().get(p);
            PartSession session = sessions.get(p);
            byte[] channels = predictor.labels(input, part.normalization(), session, part.channels(), t);
            int[] global = spec.globalIds(part);
            t.time(StageTimings.MERGE, () -> mergeInto(merged, channels, global));
        }
        VoxelArray labels = t.time(StageTimings.RESTORE, () -> {
            byte[] onCanonical = input.shape().equals(canonical.shape()) ? merged
                    : resampler.nearest(merged, input.shape(), canonical.shape());
            return toCanonical.inverse().apply(VoxelArray.ofUint8(onCanonical));
        });
        return new Segmentation(new NiftiImage(ct.shape(), labels, ct.affine(), ct.voxelSizes(), ScaleFactors.IDENTITY),
                input.shape(), t);
    }

    /** Later parts win: every non-background voxel of this part overwrites the merged map. */
    private static Void mergeInto(byte[] merged, byte[] channels, int[] global) {
        for (int i = 0; i < merged.length; i++) {
            int c = channels[i] & 0xFF;
            if (c != 0) {
                merged[i] = (byte) global[c];
            }
        }
        return null;
    }
}
