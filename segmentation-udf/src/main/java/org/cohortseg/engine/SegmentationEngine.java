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
        this.predictor = new SlidingWindowPredictor(spec, options.batchSize());
        this.resampler = new Resampler(options.workerThreads());
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
        FloatVolume hu = t.time(StageTimings.ORIENT, () -> canonicalHu(ct, toCanonical));
        FloatVolume input = t.time(StageTimings.RESAMPLE, () -> resampler.toSpacing(hu, spec.spacing()));
        byte[] merged = new byte[input.shape().voxels()];
        for (int p = 0; p < sessions.size(); p++) {
            ModelPart part = spec.parts().get(p);
            PartSession session = sessions.get(p);
            FloatVolume normalized = t.time(StageTimings.NORMALIZE, () -> part.normalization().apply(input));
            byte[] channels = t.time(StageTimings.INFER, () -> predictor.labels(normalized, session, part.channels()));
            int[] global = spec.globalIds(part);
            t.time(StageTimings.MERGE, () -> mergeInto(merged, channels, global));
        }
        VoxelArray labels = t.time(StageTimings.RESTORE, () -> {
            byte[] onCanonical = input.shape().equals(hu.shape()) ? merged
                    : resampler.nearest(merged, input.shape(), hu.shape());
            return toCanonical.inverse().apply(VoxelArray.ofUint8(onCanonical));
        });
        return new Segmentation(new NiftiImage(ct.shape(), labels, ct.affine(), ct.voxelSizes(), ScaleFactors.IDENTITY),
                input.shape(), t);
    }

    /** The CT's physical values on the canonical grid, as floats, with the canonical voxel sizes. */
    private static FloatVolume canonicalHu(NiftiImage ct, Reorientation toCanonical) {
        NiftiImage canonical = toCanonical.apply(ct);
        float[] hu = new float[canonical.shape().voxels()];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (float) canonical.value(i);
        }
        return new FloatVolume(canonical.shape(), hu, canonical.voxelSizes());
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
