package org.cohortseg.stats;

import java.util.Locale;

/**
 * A quality-control finding about one structure of one scan, as stored in the {@code flag} column
 * of {@code qc_flags}. Declaration order is the order of tables and reports.
 */
public enum QcFlag {
    /** The vertebra's centroid breaks the caudal-to-cranial order of the spine: a label swap. */
    VERTEBRA_ORDER(true),
    /** The volume lies outside the 0.5-99.5 centiles of the structure's chart for the scan's sex and age. */
    VOLUME_OUTSIDE_CHART(true),
    /** log(left / right) of a paired structure is a robust outlier within the cohort. */
    LEFT_RIGHT_RATIO(true),
    /** The structure is absent although the field of view contains it (reported only). */
    ABSENT_IN_FIELD_OF_VIEW(false);

    private final boolean excludesStructure;

    QcFlag(boolean excludesStructure) {
        this.excludesStructure = excludesStructure;
    }

    /** Whether {@code stats --exclude-flagged} drops the flagged structure of the scan (absent ones have no value). */
    public boolean excludesStructure() {
        return excludesStructure;
    }

    /** Lower-case name, as stored in tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
