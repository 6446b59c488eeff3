package org.cohortseg.stats;

/**
 * One scan's value of one structure x measure in a cohort with repeated scans.
 *
 * @param subjectId the person scanned
 * @param age age at the scan in years
 * @param male sex
 * @param value the measure
 */
public record LongitudinalObservation(String subjectId, double age, boolean male, double value) {
}
