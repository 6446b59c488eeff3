package org.cohortseg.stats;

import java.util.List;

/**
 * The age association of one series beyond the paper's Spearman rs: adjusted for sex and covariates, its
 * difference between the sexes, its dependence on body height, and the uncertainty of rs. Undefined statistics
 * carry a reason.
 *
 * @param n observations
 * @param adjustedFor the covariate columns partialled out ("male" when both sexes are present, then the
 *                    covariates, a categorical one as {@code name=level} indicators)
 * @param partialSpearman partial Spearman correlation of age and value given {@code adjustedFor}
 * @param ageBySex the age x sex interaction ("age:male") of value ~ age + male + age:male + covariates
 * @param allometry the allometric exponent of height and the height-normalised age association (no height: a
 *                  reason)
 * @param spearmanBootstrap the bootstrap percentile 95 % interval of rs (not requested: a reason)
 */
public record AdjustedAssociation(int n, List<String> adjustedFor, Estimate<PartialCorrelation> partialSpearman,
                                  Estimate<Coefficient> ageBySex, Estimate<Allometry> allometry,
                                  Estimate<SpearmanBootstrap.Interval> spearmanBootstrap) {

    public AdjustedAssociation {
        adjustedFor = List.copyOf(adjustedFor);
    }
}
