package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Intravenous contrast (portal venous phase): drawn per scan, independent of age and of
 * everything else; an enhanced scan adds HU to the enhancing structures and inflates their volume
 * a little. The manifest column {@code contrast} is {@code true} or {@code false}.
 *
 * @param share probability that a scan is enhanced
 * @param enhancements per enhancing structure
 */
public record Contrast(double share, Map<String, Enhancement> enhancements) {
    private static final Enhancement NONE = new Enhancement(0, 1);

    public Contrast {
        enhancements = Map.copyOf(enhancements);
    }

    /** No scan enhanced. */
    public static Contrast none() {
        return new Contrast(0, Map.of());
    }

    /**
     * What enhancement does to one structure.
     *
     * @param huAdded HU added to the structure's mean HU
     * @param volumeFactor factor on its volume
     */
    public record Enhancement(double huAdded, double volumeFactor) {
    }

    /** The effect on {@code structure} of a scan with ({@code enhanced}) or without contrast. */
    public Enhancement of(String structure, boolean enhanced) {
        return enhanced ? enhancements.getOrDefault(structure, NONE) : NONE;
    }

    /** The definition, for truth.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("manifest_column", "contrast (true: enhanced, false: native)");
        m.put("share", share);
        m.put("formula", "enhanced scans: rendered HU + hu_added, volume * volume_factor; independent of age");
        Map<String, Object> per = new TreeMap<>();
        enhancements.forEach((s, e) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("hu_added", e.huAdded());
            one.put("volume_factor", e.volumeFactor());
            per.put(s, one);
        });
        m.put("structures", per);
        return m;
    }
}
