package org.cohortseg.stats;

import java.util.LinkedHashMap;
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

    /**
     * The series of one structure's observations: those of the stratum with a value of the measure,
     * in the given order, with the named covariates ("unknown" where a scan lacks one).
     */
    public static Series of(String structure, Measure measure, Stratum stratum, List<StructureObservation> observations,
                            List<String> covariates) {
        List<StructureObservation> kept = observations.stream().filter(o -> o.value(measure) != null)
                .filter(o -> stratum.includes(o.male())).toList();
        int n = kept.size();
        double[] age = new double[n];
        boolean[] male = new boolean[n];
        double[] values = new double[n];
        Map<String, String[]> cov = new LinkedHashMap<>();
        covariates.forEach(c -> cov.put(c, new String[n]));
        for (int i = 0; i < n; i++) {
            StructureObservation o = kept.get(i);
            age[i] = o.age();
            male[i] = o.male();
            values[i] = o.value(measure);
            for (String c : covariates) {
                cov.get(c)[i] = o.covariates().getOrDefault(c, "unknown");
            }
        }
        return new Series(structure, measure, stratum, kept.stream().map(StructureObservation::scanId).toList(), age,
                male, values, cov);
    }

    /** Number of observations. */
    public int n() {
        return values.length;
    }
}
