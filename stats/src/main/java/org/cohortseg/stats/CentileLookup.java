package org.cohortseg.stats;

import java.util.OptionalDouble;

/**
 * The reference charts the volume rule checks against, fitted elsewhere: the centile (0-100) of a
 * volume in the chart of a structure for a sex at an age, or empty when there is no chart.
 */
@FunctionalInterface
public interface CentileLookup {
    /** No charts at all. */
    CentileLookup NONE = (structure, male, age, volumeMl) -> OptionalDouble.empty();

    /** The centile (0-100) of {@code volumeMl}, or empty when the structure has no chart for that sex. */
    OptionalDouble centileOf(String structure, boolean male, double age, double volumeMl);
}
