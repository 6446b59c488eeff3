package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cohortseg.measure.StructureCategory;

/**
 * Accelerated aging of one organ system: a share of subjects, drawn independently of age, whose
 * age terms for the structures of {@code system} are evaluated at {@code age + gapYears} (a
 * planted biological age gap); their other structures age normally.
 *
 * @param system the accelerated system (the paper's structure category)
 * @param share probability that a subject is accelerated
 * @param gapYears years added to the age in the system's age terms
 */
public record Acceleration(StructureCategory system, double share, double gapYears) {

    /** The years added to the age of {@code structure} for an (un)accelerated subject. */
    public double gapYears(String structure, boolean accelerated) {
        return accelerated && StructureCategory.of(structure) == system ? gapYears : 0;
    }

    /** The definition, for truth.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system", system.label());
        m.put("share", share);
        m.put("gap_years", gapYears);
        m.put("formula", "for accelerated subjects, the age terms of the system's structures are evaluated at "
                + "age + gap_years; truth_subjects.csv names them");
        return m;
    }
}
