package org.cohortseg.stats;

/**
 * How one measure of one structure changes with age in one stratum: the paper's Spearman rs, and
 * this project's Pearson r and regression slope (measure ~ age, + sex in the all stratum, + any
 * covariates). Undefined statistics are null with a reason.
 *
 * @param structure structure name
 * @param measure the measure
 * @param stratum the subjects
 * @param n observations after QC
 * @param spearman Spearman rs with p-value
 * @param pearson Pearson r with p-value and Fisher-z 95 % CI
 * @param regression the OLS fit; the age term is named "age"
 */
public record AgeAssociation(String structure, Measure measure, Stratum stratum, int n, Estimate<Correlation> spearman,
                             Estimate<Correlation> pearson, Estimate<LinearFit> regression) {
}
