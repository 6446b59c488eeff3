package org.cohortseg.stats;

import java.util.Locale;

/**
 * The subjects an association is computed over: everyone, or one sex. The sex strata double as
 * the sex of trajectories, centiles and z-scores, which are computed per sex only. Declaration
 * order is the order of tables.
 */
public enum Stratum {
    ALL, FEMALE, MALE;

    /** The stratum of one sex. */
    public static Stratum of(boolean male) {
        return male ? MALE : FEMALE;
    }

    /** Whether a subject of this sex belongs to the stratum. */
    public boolean includes(boolean male) {
        return this == ALL || this == of(male);
    }

    /** Lower-case name, as stored in tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
