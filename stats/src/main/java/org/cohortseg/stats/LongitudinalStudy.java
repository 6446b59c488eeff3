package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Within-person change over a measurement table with repeat scans: every structure x measure's
 * {@link LongitudinalEffects} model over all scans (not one per subject), corrected over the family.
 * Structures whose subjects were scanned once only give a reason, not a fit.
 */
public final class LongitudinalStudy {
    private LongitudinalStudy() {
    }

    /** Every structure x measure, with Bonferroni and BH over the within-person slopes. */
    public static List<LongitudinalEffects.Adjusted> run(List<StructureObservation> observations) {
        Map<String, List<StructureObservation>> byStructure = StructureObservation.byStructure(observations);
        List<LongitudinalEffect> family = new ArrayList<>();
        byStructure.forEach((structure, list) -> {
            for (Measure measure : Measure.values()) {
                List<LongitudinalObservation> scans = list.stream().filter(o -> o.value(measure) != null)
                        .map(o -> new LongitudinalObservation(o.scan().subjectId(), o.age(), o.male(), o.value(measure)))
                        .toList();
                family.add(LongitudinalEffects.of(structure, measure, scans));
            }
        });
        return LongitudinalEffects.adjust(family);
    }
}
