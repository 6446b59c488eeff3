package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The within-person and cross-sectional effects of age on one structure x measure in a cohort with
 * repeated scans: a {@link MixedModel} of {@code value ~ baseline_age + years_since_baseline + sex +
 * (1 + years_since_baseline | subject)}, where baseline_age is the person's age at the first scan and
 * years_since_baseline the time since it. A cross-sectional slope steeper or shallower than the
 * within-person one points at cohort (birth-year) effects or selective attrition. p-values are lmerTest's
 * Satterthwaite t-tests (not the normal approximation); the estimates match lme4's REML fit.
 */
public final class LongitudinalEffects {
    /** The fixed-effect names, after "(Intercept)". */
    public static final List<String> TERMS = List.of("baseline_age", "years_since_baseline", "male");

    private LongitudinalEffects() {
    }

    /** A family member with its corrected within-person p-value (null where the fit is undefined). */
    public record Adjusted(LongitudinalEffect effect, Double pBonferroni, Double qBh) {
    }

    /** The effects of one structure x measure. */
    public static LongitudinalEffect of(String structure, Measure measure, List<LongitudinalObservation> scans) {
        int subjects = new HashSet<>(scans.stream().map(LongitudinalObservation::subjectId).toList()).size();
        Estimate<LongitudinalEffect.Slopes> slopes = fit(scans).map(LongitudinalEffects::slopes);
        return new LongitudinalEffect(structure, measure, subjects, scans.size(), slopes);
    }

    /** The mixed model itself, with the fixed effects named "(Intercept)" and {@link #TERMS}. */
    public static Estimate<MixedModel> fit(List<LongitudinalObservation> scans) {
        Map<String, Double> baseline = new HashMap<>();
        for (LongitudinalObservation o : scans) {
            baseline.merge(o.subjectId(), o.age(), Math::min);
        }
        int n = scans.size();
        double[] baselineAge = new double[n];
        double[] years = new double[n];
        double[] male = new double[n];
        double[] values = new double[n];
        String[] subjects = new String[n];
        for (int i = 0; i < n; i++) {
            LongitudinalObservation o = scans.get(i);
            baselineAge[i] = baseline.get(o.subjectId());
            years[i] = o.age() - baselineAge[i];
            male[i] = o.male() ? 1 : 0;
            values[i] = o.value();
            subjects[i] = o.subjectId();
        }
        return MixedModel.fit(values, List.of(baselineAge, years, male), TERMS, subjects, years);
    }

    private static LongitudinalEffect.Slopes slopes(MixedModel model) {
        MixedModelFit f = model.summary();
        return new LongitudinalEffect.Slopes(model.coefficient(TERMS.get(0)), model.coefficient(TERMS.get(1)),
                model.coefficient(TERMS.get(2)), model.contrast(new double[] {0, -1, 1, 0}), f.interceptSd(),
                f.slopeSd(), f.correlation(), f.residualSd(), f.singular());
    }

    /**
     * Bonferroni and Benjamini-Hochberg ({@link MultipleTesting}) over the within-person slope p-values
     * of a family (e.g. all structures x measures), in the family's order; undefined fits are left out of
     * the family and get null.
     */
    public static List<Adjusted> adjust(List<LongitudinalEffect> family) {
        double[] p = family.stream().filter(e -> e.slopes().present())
                .mapToDouble(e -> e.slopes().value().withinPerson().p()).toArray();
        double[] bonferroni = MultipleTesting.bonferroni(p);
        double[] bh = MultipleTesting.benjaminiHochberg(p);
        List<Adjusted> out = new ArrayList<>();
        int k = 0;
        for (LongitudinalEffect e : family) {
            if (e.slopes().present()) {
                out.add(new Adjusted(e, bonferroni[k], bh[k]));
                k++;
            } else {
                out.add(new Adjusted(e, null, null));
            }
        }
        return out;
    }
}
