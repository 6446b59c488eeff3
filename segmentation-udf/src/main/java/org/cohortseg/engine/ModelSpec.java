package org.cohortseg.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /**
     * Local channel id to global label id, for one part; a structure outside the label map (left out
     * by {@link #restrictedTo}) is 0, background.
     */
    public int[] globalIds(ModelPart part) {
        int[] global = new int[part.channels()];
        Map<String, Integer> byName = new HashMap<>();
        labelMap.names().forEach((id, name) -> byName.put(name, id));
        part.labels().forEach((local, name) -> global[local] = byName.getOrDefault(name, 0));
        return global;
    }

    /**
     * The model for a subset of its structures, as TotalSegmentator's {@code --roi_subset}: only the
     * parts that hold one of them run, and the others' voxels become background once the parts are
     * merged (a later part still wins where it finds a structure left out, as in the full model).
     *
     * @throws IllegalArgumentException naming the structures the label map does not have
     */
    public ModelSpec restrictedTo(Set<String> structures) {
        Set<String> unknown = new TreeSet<>(structures);
        unknown.removeAll(labelMap.names().values());
        if (structures.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException(structures.isEmpty() ? "no structures given"
                    : "model " + id + " has no structures " + unknown);
        }
        Map<Integer, String> kept = new LinkedHashMap<>();
        labelMap.names().forEach((labelId, name) -> {
            if (structures.contains(name)) {
                kept.put(labelId, name);
            }
        });
        List<ModelPart> needed = parts.stream()
                .filter(part -> part.labels().values().stream().anyMatch(structures::contains)).toList();
        return new ModelSpec(id, description, spacing, patchXyz, step, sigmaScale, LabelMap.of(kept), needed);
    }
}
