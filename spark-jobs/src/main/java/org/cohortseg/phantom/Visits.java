package org.cohortseg.phantom;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How often a subject is scanned: a share of subjects has repeat scans ({@code minRepeat} to
 * {@code maxVisits} visits, uniform), the others one. Repeat visits follow each other after gaps
 * uniform on [{@code minGapYears}, {@code maxYears} / (visits - 1)], rounded to 0.01 years, so
 * every subject's scans span at most {@code maxYears}.
 *
 * <p>A subject's noise on every measure is split into a persistent part, drawn once per subject,
 * and a visit part, drawn per scan: {@code noise = sqrt(persistentShare) * persistent +
 * sqrt(1 - persistentShare) * visit}, both N(0, noise_sd^2), so the total keeps the effect's
 * noise_sd and the within-subject correlation of the noise is {@code persistentShare}.
 *
 * @param repeatShare probability that a subject has repeat scans
 * @param minRepeat fewest visits of a subject with repeat scans
 * @param maxVisits most visits
 * @param maxYears longest span from first to last scan
 * @param minGapYears shortest gap between two scans
 * @param persistentShare share of the noise variance that persists across a subject's visits
 */
public record Visits(double repeatShare, int minRepeat, int maxVisits, double maxYears, double minGapYears,
                     double persistentShare) {

    /**
     * 30 % of subjects with 2 to 4 visits over up to 8 years; 90 % of the noise variance persists
     * (a test-retest correlation of 0.9, as CT organ measures have).
     */
    public static final Visits STANDARD = new Visits(0.3, 2, 4, 8, 0.5, 0.9);
    /** One scan per subject: the aging paper's cross-sectional design. */
    public static final Visits SINGLE = new Visits(0, 1, 1, 0, 0, 1);

    /** Years since the first scan of each visit (the first is 0), drawn from {@code rng}. */
    public double[] sampleYears(SplittableRandom rng) {
        if (rng.nextDouble() >= repeatShare) {
            return new double[] {0};
        }
        int visits = minRepeat + rng.nextInt(maxVisits - minRepeat + 1);
        double[] years = new double[visits];
        double longestGap = maxYears / (visits - 1);
        for (int v = 1; v < visits; v++) {
            double gap = minGapYears + (longestGap - minGapYears) * rng.nextDouble();
            years[v] = Math.rint((years[v - 1] + gap) * 100) / 100;
        }
        return years;
    }

    /** The definition, for truth.json. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repeat_share", repeatShare);
        m.put("repeat_visits", "uniform integer " + minRepeat + " to " + maxVisits + " (others: 1)");
        m.put("gap_years", "uniform [" + minGapYears + ", max_years / (visits - 1)], cumulated and rounded to 0.01");
        m.put("max_years", maxYears);
        m.put("age_at_visit", "baseline age + years since the first scan");
        m.put("persistent_share", persistentShare);
        m.put("noise_split", "noise = sqrt(persistent_share) * persistent + sqrt(1 - persistent_share) * visit, "
                + "both N(0, noise_sd^2); persistent drawn once per subject, visit once per scan");
        m.put("scan_ids", "subject_id + '_ct' + visit; scanner and contrast are drawn per scan");
        return m;
    }
}
