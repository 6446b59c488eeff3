package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.exception.TooManyEvaluationsException;

/**
 * A linear mixed model with one grouping factor and a correlated random intercept and slope,
 * {@code y ~ 1 + columns + (1 + slope | subject)}, fitted by REML as R's {@code lme4::lmer} fits it:
 * the REML criterion profiled over lme4's relative covariance factor theta (3 parameters, the
 * diagonal bounded at 0), minimised to where the optimum no longer moves ({@link RemlMinimiser}), so the
 * fit is lmer's optimum, not where lmer's optimiser tolerances stop it (lmer's defaults stop within about
 * 1e-3 of theta, 1e-4 of the SEs). Subjects with one observation contribute, as in lmer. Unlike lmer, a
 * fit with fewer observations than random effects (many single-scan subjects) is not refused: the
 * parameters stay identified through the subjects with repeated observations.
 *
 * <p>p-values are lmerTest's (Satterthwaite degrees of freedom), see {@link Satterthwaite}.
 */
public final class MixedModel {
    /** lme4's {@code isSingular} tolerance on the bounded theta. */
    public static final double SINGULAR_TOLERANCE = 1e-4;
    private final MixedModelFit summary;
    private final double[] theta;
    private final double[][] covariance;
    private final Satterthwaite satterthwaite;

    private MixedModel(MixedModelFit summary, double[] theta, double[][] covariance, Satterthwaite satterthwaite) {
        this.summary = summary;
        this.theta = theta;
        this.covariance = covariance;
        this.satterthwaite = satterthwaite;
    }

    /**
     * Fits the model.
     *
     * @param y responses
     * @param columns fixed-effect predictors (an intercept is added), one array per predictor, each as long as y
     * @param names predictor names
     * @param subjects each observation's subject (the grouping factor)
     * @param slope the covariate with a random slope per subject (usually also one of the columns)
     */
    public static Estimate<MixedModel> fit(double[] y, List<double[]> columns, List<String> names, String[] subjects,
                                           double[] slope) {
        int n = y.length;
        int p = columns.size() + 1;
        if (n <= p) {
            return Estimate.none("n = " + n + " is not larger than the " + p + " fixed effects");
        }
        int[] subject = new int[n];
        int levels = index(subjects, subject);
        if (!repeatedWithinSubject(subject, levels, slope)) {
            return Estimate.none("no subject with two observations at different slope values: "
                    + "the random slope is not identified");
        }
        Estimate<OrthogonalDesign> design = OrthogonalDesign.of(y, columns.toArray(double[][]::new));
        if (!design.present()) {
            return Estimate.none(design.reason());
        }
        if (design.value().residualSumOfSquares() == 0) {
            return Estimate.none("perfect fit of the fixed effects (zero residual variance)");
        }
        RemlCriterion criterion = new RemlCriterion(design.value(), subject, levels, slope);
        double[] theta;
        try {
            theta = RemlMinimiser.minimise(criterion);
        } catch (TooManyEvaluationsException e) {
            return Estimate.none("REML optimisation did not converge in " + RemlMinimiser.MAX_EVALUATIONS
                    + " evaluations");
        }
        RemlCriterion.Evaluation at = criterion.evaluate(theta);
        double reml = criterion.profiled(theta);
        if (at == null || !Double.isFinite(reml)) {
            return Estimate.none("the REML criterion is undefined at the optimum");
        }
        double sigma = Math.sqrt(at.pwrss() / (n - p));
        double[][] covariance = design.value().covariance(at.fixedInverse(), sigma * sigma);
        double[] beta = design.value().coefficients(at.gamma());
        Satterthwaite satterthwaite = Satterthwaite.at(criterion, design.value(), theta, sigma);
        List<String> terms = new ArrayList<>();
        terms.add("(Intercept)");
        terms.addAll(names);
        double[] se = new double[p];
        double[] t = new double[p];
        double[] df = new double[p];
        double[] pValues = new double[p];
        for (int k = 0; k < p; k++) {
            double[] unit = new double[p];
            unit[k] = 1;
            Contrast c = test(unit, beta, covariance, satterthwaite);
            se[k] = c.standardError();
            t[k] = c.t();
            df[k] = c.df();
            pValues[k] = c.p();
        }
        double slopeFactor = Math.hypot(theta[1], theta[2]);
        Double correlation = theta[0] == 0 || slopeFactor == 0 ? null : theta[0] * theta[1]
                / (Math.abs(theta[0]) * slopeFactor);
        boolean singular = theta[0] < SINGULAR_TOLERANCE || theta[2] < SINGULAR_TOLERANCE;
        MixedModelFit summary = new MixedModelFit(terms, beta, se, t, df, pValues, sigma * Math.abs(theta[0]),
                sigma * slopeFactor, correlation, sigma, reml, levels, n, singular);
        return Estimate.of(new MixedModel(summary, theta, covariance, satterthwaite));
    }

    /** Subject indices in order of first appearance; returns the number of subjects. */
    private static int index(String[] subjects, int[] out) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < subjects.length; i++) {
            out[i] = index.computeIfAbsent(subjects[i], k -> index.size());
        }
        return index.size();
    }

    /** Whether some subject has two observations with different slope covariates. */
    private static boolean repeatedWithinSubject(int[] subject, int levels, double[] slope) {
        double[] first = new double[levels];
        boolean[] seen = new boolean[levels];
        for (int i = 0; i < subject.length; i++) {
            int s = subject[i];
            if (!seen[s]) {
                seen[s] = true;
                first[s] = slope[i];
            } else if (slope[i] != first[s]) {
                return true;
            }
        }
        return false;
    }

    private static Contrast test(double[] l, double[] beta, double[][] covariance, Satterthwaite satterthwaite) {
        double estimate = 0;
        for (int k = 0; k < l.length; k++) {
            estimate += l[k] * beta[k];
        }
        double variance = Satterthwaite.quadraticForm(l, covariance);
        return Contrast.of(estimate, Math.sqrt(variance), satterthwaite.df(l, variance));
    }

    /** The fit as lmerTest's summary reports it. */
    public MixedModelFit summary() {
        return summary;
    }

    /** lme4's theta at the optimum: the relative covariance factor's lower triangle by columns. */
    public double[] theta() {
        return theta.clone();
    }

    /** The covariance of the fixed-effect estimates (R's {@code vcov}). */
    public double[][] covariance() {
        double[][] out = new double[covariance.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = covariance[i].clone();
        }
        return out;
    }

    /** The t-test of {@code sum(weights * beta) = 0} (lmerTest's {@code contest(model, weights, joint = FALSE)}). */
    public Contrast contrast(double[] weights) {
        if (weights.length != summary.terms().size()) {
            throw new IllegalArgumentException("need " + summary.terms().size() + " weights, got " + weights.length);
        }
        return test(weights, summary.estimates(), covariance, satterthwaite);
    }

    /** The t-test of one fixed effect. */
    public Contrast coefficient(String term) {
        int k = summary.terms().indexOf(term);
        if (k < 0) {
            throw new IllegalArgumentException("no term " + term + " in " + summary.terms());
        }
        double[] unit = new double[summary.terms().size()];
        unit[k] = 1;
        return contrast(unit);
    }
}
