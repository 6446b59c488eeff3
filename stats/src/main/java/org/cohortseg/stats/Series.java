package org.cohortseg.stats;

import java.util.List;
import java.util.Map;

/**
 * One measure of one structure in one stratum, after QC: the values, the subjects' ages and sexes,
 * and optional categorical covariates (e.g. scanner), aligned by index.
 *
 * @param structure structure name
 * @param measure the measure
 * @param stratum the subjects
 * @param scanIds scan of each value
 * @param age age in years
 * @param male sex of each value (true = male)
 * @param values the measure
 * @param covariates categorical covariates by name, one value per observation
 */
public record Series(String structure, Measure measure, Stratum stratum, List<String> scanIds, double[] age,
                     boolean[] male, double[] values, Map<String, String[]> covariates) {

    public Series {
        scanIds = List.copyOf(scanIds);
        age = age.clone();
        male = male.clone();
        values = values.clone();
        covariates = Map.copyOf(covariates);
        int n = values.length;
        if (age.length != n || male.length != n || scanIds.size() != n
                || covariates.values().stream().anyMatch(c -> c.length != n)) {
            throw new IllegalArgumentException("series columns differ in length");
        }
    }

    @Override public double[] age() { return age.clone(); }
    @Override public boolean[] male() { return male.clone(); }
    @Override public double[] values() { return values.clone(); }

    /** Number of observations. */
    public int n() {
        return values.length;
    }
}
