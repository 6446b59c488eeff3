package org.cohortseg.engine;

import java.util.List;
import java.util.Map;
import org.cohortseg.labels.LabelMap;

/**
 * Everything the engine needs to run an nnU-Net-style model: input spacing, patch size, window
 * step, Gaussian sigma scale, the global label map and the parts whose outputs are merged by
 * structure name (a later part wins where parts overlap).
 *
 * @param id model identifier, written next to results
 * @param description free text
 * @param spacing input voxel size in mm along x, y, z of the canonical RAS grid
 * @param patchXyz patch size along x, y, z (the network sees it as z, y, x)
 * @param step window step as a fraction of the patch (nnU-Net's tile_step_size)
 * @param sigmaScale Gaussian sigma as a fraction of the patch (nnU-Net: 1/8)
 * @param labelMap global label ids and names
 * @param parts the networks, in merge order
 */
public record ModelSpec(String id, String description, double[] spacing, int[] patchXyz, double step,
                        double sigmaScale, LabelMap labelMap, List<ModelPart> parts) {

    public ModelSpec {
        spacing = spacing.clone();
        patchXyz = patchXyz.clone();
        parts = List.copyOf(parts);
    }

    @Override public double[] spacing() { return spacing.clone(); }
    @Override public int[] patchXyz() { return patchXyz.clone(); }

    /** Local channel id to global label id, for one part. */
    public int[] globalIds(ModelPart part) {
        int[] global = new int[part.channels()];
        Map<String, Integer> byName = new java.util.HashMap<>();
        labelMap.names().forEach((id, name) -> byName.put(name, id));
        part.labels().forEach((local, name) -> global[local] = byName.get(name));
        return global;
    }
}
