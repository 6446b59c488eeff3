package org.cohortseg.stats;

import java.util.Map;

/**
 * One scan of the cohort, as the statistics see it: who was scanned, at what age, and the
 * acquisition's covariates from the manifest (scanner, contrast, height_cm, ...).
 *
 * @param scanId scan
 * @param subjectId the person scanned (several scans of one subject make a longitudinal series)
 * @param age age in years at the scan
 * @param male sex
 * @param covariates manifest columns by name, as text ("unknown" when the manifest left them empty)
 */
public record ScanInfo(String scanId, String subjectId, double age, boolean male, Map<String, String> covariates) {

    public ScanInfo {
        covariates = Map.copyOf(covariates);
    }

    /** A covariate read as a number (e.g. height_cm), null when absent or not a number. */
    public Double number(String covariate) {
        String v = covariates.get(covariate);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
