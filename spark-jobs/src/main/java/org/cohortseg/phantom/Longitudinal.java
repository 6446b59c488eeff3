package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Within-person change of a measure that differs from the cross-sectional age curve: over the
 * years since a subject's first scan the measure changes by {@code slopePerYear + slopeSd * u}
 * per year ({@code u ~ N(0, 1)} per subject, a random slope), while its baseline value follows the
 * age curve of baseline age.
 *
 * @param slopePerYear mean within-person change per year
 * @param slopeSd standard deviation of the subjects' slopes around it
 */
public record Longitudinal(double slopePerYear, double slopeSd) {

    /** The definition, for truth.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formula", "age_term(baseline_age) + (within_slope_per_year + random_slope_sd * u) "
                + "* years_since_baseline, u ~ N(0, 1) per subject");
        m.put("within_slope_per_year", slopePerYear);
        m.put("random_slope_sd", slopeSd);
        return m;
    }
}
