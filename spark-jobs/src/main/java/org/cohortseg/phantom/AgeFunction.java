package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a planted measure changes with age (years), relative to its value at {@link #REFERENCE_AGE}.
 */
public sealed interface AgeFunction {
    /** Age at which every age function is zero-referenced (the youngest subjects). */
    double REFERENCE_AGE = 18;

    /** The age term added to the measure. */
    double at(double age);

    /** The exact definition, for truth.json. */
    Map<String, Object> describe();

    /** No age effect: a NULL structure. */
    record None() implements AgeFunction {
        @Override public double at(double age) { return 0; }
        @Override public Map<String, Object> describe() { return Map.of("type", "none"); }
    }

    /** {@code slope * (age - 18)}. */
    record Linear(double slopePerYear) implements AgeFunction {
        @Override public double at(double age) { return slopePerYear * (age - REFERENCE_AGE); }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "linear");
            m.put("formula", "slope_per_year * (age - 18)");
            m.put("slope_per_year", slopePerYear);
            return m;
        }
    }

    /** A rise to a peak and a fall after it: {@code amplitude * (1 - ((age - peakAge) / halfWidth)^2)}. */
    record Peak(double amplitude, double peakAge, double halfWidth) implements AgeFunction {
        @Override
        public double at(double age) {
            double u = (age - peakAge) / halfWidth;
            return amplitude * (1 - u * u);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "peak");
            m.put("formula", "amplitude * (1 - ((age - peak_age) / half_width)^2)");
            m.put("amplitude", amplitude);
            m.put("peak_age", peakAge);
            m.put("half_width", halfWidth);
            return m;
        }
    }
}
