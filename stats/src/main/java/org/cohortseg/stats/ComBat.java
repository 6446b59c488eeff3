package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;

/**
 * ComBat harmonisation of batch (scanner, site) effects, as Bioconductor sva 3.46's
 * {@code ComBat(dat, batch, mod = model.matrix(~ covariates), par.prior, mean.only)} (Johnson, Li and
 * Rabinovic 2007, Biostatistics 8:118). Per feature, the model {@code y = X b + batch + covariates} is fitted by
 * least squares; the data are standardised by the grand mean (the batch coefficients weighted by the batch sizes),
 * the covariate effects and the pooled residual variance; each batch's per-feature mean and variance of the
 * standardised data (gamma.hat, delta.hat) are shrunk by empirical Bayes ({@link EmpiricalBayes}); and the data
 * are rescaled with the shrunken estimates (gamma.star, delta.star). The covariate effects (e.g. age and sex) are
 * protected: they are kept in the harmonised data.
 *
 * <p>As sva: batches are the sorted distinct labels; a batch of a single sample makes the adjustment mean-only;
 * a feature that is constant within a batch (of two or more samples) is returned unadjusted; missing values
 * (NaN) stay missing, each feature is fitted on its non-missing values, and the pooled variance is then the
 * residual variance with n - 1 (sva's {@code rowVars(na.rm = TRUE)}) for every feature, otherwise the mean
 * squared residual. Unlike sva, a feature constant within a batch is recognised on its non-missing values.
 * sva's reference-batch option is not offered.
 */
public final class ComBat {

    private ComBat() {
    }

    /** The empirical Bayes prior of the batch effects. */
    public enum Prior { PARAMETRIC, NONPARAMETRIC }

    /**
     * Harmonised data and the batch-effect estimates. The estimate matrices are indexed [batch][j] for the
     * adjusted feature {@code adjustedFeatures[j]}; features not adjusted are returned as they were.
     *
     * @param harmonised features x samples, NaN where the input was missing
     * @param batches batch labels, sorted
     * @param batchSizes samples per batch
     * @param adjustedFeatures the features that were adjusted, ascending
     * @param gammaHat per batch and adjusted feature: the mean of the standardised data
     * @param deltaHat their variance (1 when only the mean is adjusted)
     * @param gammaStar the empirical Bayes location
     * @param deltaStar the empirical Bayes scale
     * @param meanOnly whether only the location was adjusted (requested, or forced by a single-sample batch)
     */
    public record Result(double[][] harmonised, List<String> batches, int[] batchSizes, int[] adjustedFeatures,
                         double[][] gammaHat, double[][] deltaHat, double[][] gammaStar, double[][] deltaStar,
                         boolean meanOnly) {

        public Result {
            harmonised = copy(harmonised);
            batches = List.copyOf(batches);
            batchSizes = batchSizes.clone();
            adjustedFeatures = adjustedFeatures.clone();
            gammaHat = copy(gammaHat);
            deltaHat = copy(deltaHat);
            gammaStar = copy(gammaStar);
            deltaStar = copy(deltaStar);
        }

        @Override public double[][] harmonised() { return copy(harmonised); }
        @Override public int[] batchSizes() { return batchSizes.clone(); }
        @Override public int[] adjustedFeatures() { return adjustedFeatures.clone(); }
        @Override public double[][] gammaHat() { return copy(gammaHat); }
        @Override public double[][] deltaHat() { return copy(deltaHat); }
        @Override public double[][] gammaStar() { return copy(gammaStar); }
        @Override public double[][] deltaStar() { return copy(deltaStar); }

        /** One harmonised value, without copying the matrix. */
        public double value(int feature, int sample) {
            return harmonised[feature][sample];
        }

        private static double[][] copy(double[][] m) {
            double[][] out = new double[m.length][];
            for (int i = 0; i < m.length; i++) {
                out[i] = m[i].clone();
            }
            return out;
        }
    }

    /**
     * Harmonises {@code data}.
     *
     * @param data features x samples (e.g. the structures of one measure); NaN = missing
     * @param batch batch of each sample
     * @param covariates samples x k protected covariates without intercept (e.g. age and male: the columns
     *                   of {@code model.matrix(~ age + sex)} after the intercept); k may be 0 (empty rows)
     * @param prior parametric or non-parametric empirical Bayes
     * @param meanOnly adjust the location only
     */
    public static Estimate<Result> harmonise(double[][] data, String[] batch, double[][] covariates, Prior prior,
                                             boolean meanOnly) {
        int n = batch.length;
        for (double[] row : data) {
            if (row.length != n) {
                throw new IllegalArgumentException("a feature has " + row.length + " values for " + n + " samples");
            }
        }
        if (covariates.length != n) {
            throw new IllegalArgumentException(covariates.length + " covariate rows for " + n + " samples");
        }
        Map<String, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byLabel.computeIfAbsent(batch[i], k -> new ArrayList<>()).add(i);
        }
        if (byLabel.size() < 2) {
            return Estimate.none("fewer than 2 batches: nothing to harmonise");
        }
        if (Arrays.stream(covariates).flatMapToDouble(Arrays::stream).anyMatch(v -> !Double.isFinite(v))) {
            return Estimate.none("a covariate is missing or not finite");
        }
        int[][] members = byLabel.values().stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        boolean onlyMeans = meanOnly || Arrays.stream(members).anyMatch(m -> m.length == 1);
        int[] adjusted = variableFeatures(data, members);
        if (adjusted.length < 2) {
            return Estimate.none("fewer than 2 features vary within every batch: the priors pool over features");
        }
        String missing = missingProblem(data, adjusted, members, onlyMeans ? 1 : 2);
        if (missing != null) {
            return Estimate.none(missing);
        }
        double[][] design = design(members, covariates);
        if (!Regressors.fullRank(design)) {
            return Estimate.none("the covariates are confounded with batch (the design is not of full rank)");
        }
        Estimate<Standardised> standardised = standardise(data, adjusted, design, members);
        if (!standardised.present()) {
            return Estimate.none(standardised.reason());
        }
        Standardised s = standardised.value();
        int batches = members.length;
        EmpiricalBayes.BatchMoments[] moments = new EmpiricalBayes.BatchMoments[batches];
        EmpiricalBayes.Posterior[] posteriors = new EmpiricalBayes.Posterior[batches];
        for (int b = 0; b < batches; b++) {
            moments[b] = moments(s.values(), members[b], onlyMeans);
            Estimate<EmpiricalBayes.Posterior> p = posterior(moments[b], prior, onlyMeans);
            if (!p.present()) {
                return Estimate.none("batch " + List.copyOf(byLabel.keySet()).get(b) + ": " + p.reason());
            }
            posteriors[b] = p.value();
        }
        double[][] harmonised = adjust(data, adjusted, s, members, posteriors);
        return Estimate.of(new Result(harmonised, List.copyOf(byLabel.keySet()),
                Arrays.stream(members).mapToInt(m -> m.length).toArray(), adjusted,
                Arrays.stream(moments).map(EmpiricalBayes.BatchMoments::gammaHat).toArray(double[][]::new),
                Arrays.stream(moments).map(EmpiricalBayes.BatchMoments::deltaHat).toArray(double[][]::new),
                Arrays.stream(posteriors).map(EmpiricalBayes.Posterior::gammaStar).toArray(double[][]::new),
                Arrays.stream(posteriors).map(EmpiricalBayes.Posterior::deltaStar).toArray(double[][]::new),
                onlyMeans));
    }

    private static Estimate<EmpiricalBayes.Posterior> posterior(EmpiricalBayes.BatchMoments m, Prior prior,
                                                                boolean meanOnly) {
        if (prior == Prior.NONPARAMETRIC) {
            return Estimate.of(EmpiricalBayes.nonparametric(m));
        }
        return meanOnly ? Estimate.of(EmpiricalBayes.parametricMeanOnly(m.gammaHat())) : EmpiricalBayes.parametric(m);
    }

    /** The features whose non-missing values are not constant within any batch of two or more samples. */
    private static int[] variableFeatures(double[][] data, int[][] members) {
        List<Integer> out = new ArrayList<>();
        for (int f = 0; f < data.length; f++) {
            boolean varies = true;
            for (int[] batch : members) {
                if (batch.length > 1 && constant(data[f], batch)) {
                    varies = false;
                }
            }
            if (varies) {
                out.add(f);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the non-missing values (two or more) are all equal. */
    private static boolean constant(double[] row, int[] samples) {
        double first = Double.NaN;
        int present = 0;
        for (int i : samples) {
            if (Double.isNaN(row[i])) {
                continue;
            }
            present++;
            if (Double.isNaN(first)) {
                first = row[i];
            } else if (row[i] != first) {
                return false;
            }
        }
        return present > 1;
    }

    /** Why a feature has too few values in a batch (fewer than {@code needed}), or null. */
    private static String missingProblem(double[][] data, int[] features, int[][] members, int needed) {
        for (int f : features) {
            for (int b = 0; b < members.length; b++) {
                int present = 0;
                for (int i : members[b]) {
                    present += Double.isNaN(data[f][i]) ? 0 : 1;
                }
                if (present < needed) {
                    return "feature " + f + " has " + present + " non-missing value(s) in a batch of "
                            + members[b].length + ": fewer than the " + needed + " needed";
                }
            }
        }
        return null;
    }

    /** Batch indicators, then the covariates (sva's design). */
    private static double[][] design(int[][] members, double[][] covariates) {
        int n = covariates.length;
        int batches = members.length;
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new double[batches + covariates[i].length];
            System.arraycopy(covariates[i], 0, x[i], batches, covariates[i].length);
        }
        for (int b = 0; b < batches; b++) {
            for (int i : members[b]) {
                x[i][b] = 1;
            }
        }
        return x;
    }

    /**
     * The standardised data of the adjusted features (rows in the order of {@code adjusted}), the mean each
     * was standardised by (grand mean plus covariate effects) and the pooled standard deviation.
     */
    private record Standardised(double[][] values, double[][] mean, double[] sd) {
    }

    private static Estimate<Standardised> standardise(double[][] data, int[] adjusted, double[][] design,
                                                      int[][] members) {
        int n = design.length;
        int p = design[0].length;
        int batches = members.length;
        boolean anyMissing = false;
        for (int f : adjusted) {
            anyMissing |= hasMissing(data[f]);
        }
        DecompositionSolver complete = new QRDecomposition(new Array2DRowRealMatrix(design, false)).getSolver();
        double[] weight = new double[batches];
        for (int b = 0; b < batches; b++) {
            weight[b] = (double) members[b].length / n;
        }
        double[][] values = new double[adjusted.length][n];
        double[][] mean = new double[adjusted.length][n];
        double[] sd = new double[adjusted.length];
        for (int k = 0; k < adjusted.length; k++) {
            double[] y = data[adjusted[k]];
            Estimate<double[]> fit = hasMissing(y) ? coefficientsOfPresent(y, design)
                    : Estimate.of(complete.solve(new ArrayRealVector(y, false)).toArray());
            if (!fit.present()) {
                return Estimate.none("feature " + adjusted[k] + ": " + fit.reason());
            }
            double[] beta = fit.value();
            double grand = 0;
            for (int b = 0; b < batches; b++) {
                grand += weight[b] * beta[b];
            }
            double[] residuals = new double[n];
            for (int i = 0; i < n; i++) {
                double covariateEffect = 0;
                double fitted = 0;
                for (int c = 0; c < p; c++) {
                    fitted += design[i][c] * beta[c];
                    covariateEffect += c < batches ? 0 : design[i][c] * beta[c];
                }
                mean[k][i] = grand + covariateEffect;
                residuals[i] = y[i] - fitted;
            }
            double variance = pooledVariance(residuals, anyMissing);
            if (!(variance > 0)) {
                return Estimate.none("feature " + adjusted[k] + " is fitted exactly: no residual variance");
            }
            sd[k] = Math.sqrt(variance);
            for (int i = 0; i < n; i++) {
                values[k][i] = (y[i] - mean[k][i]) / sd[k];
            }
        }
        return Estimate.of(new Standardised(values, mean, sd));
    }

    private static boolean hasMissing(double[] row) {
        for (double v : row) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /** The least-squares coefficients of a feature on its non-missing samples. */
    private static Estimate<double[]> coefficientsOfPresent(double[] y, double[][] design) {
        List<double[]> rows = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i])) {
                rows.add(design[i]);
                values.add(y[i]);
            }
        }
        double[][] x = rows.toArray(double[][]::new);
        if (!Regressors.fullRank(x)) {
            return Estimate.none("its non-missing samples leave the covariates confounded with batch");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return Estimate.of(new QRDecomposition(new Array2DRowRealMatrix(x, false)).getSolver()
                .solve(new ArrayRealVector(v, false)).toArray());
    }

    /**
     * sva's pooled variance: the mean squared residual; with missing values anywhere, the variance (n - 1)
     * of the non-missing residuals.
     */
    private static double pooledVariance(double[] residuals, boolean anyMissing) {
        int count = 0;
        double sum = 0;
        double squares = 0;
        for (double r : residuals) {
            if (!Double.isNaN(r)) {
                count++;
                sum += r;
                squares += r * r;
            }
        }
        if (!anyMissing) {
            return squares / count;
        }
        double mean = sum / count;
        double deviations = 0;
        for (double r : residuals) {
            if (!Double.isNaN(r)) {
                deviations += (r - mean) * (r - mean);
            }
        }
        return deviations / (count - 1);
    }

    /** Count, mean, sum of squared deviations and variance of each standardised feature within one batch. */
    private static EmpiricalBayes.BatchMoments moments(double[][] values, int[] batch, boolean meanOnly) {
        int features = values.length;
        int[] count = new int[features];
        double[] mean = new double[features];
        double[] squares = new double[features];
        double[] delta = new double[features];
        for (int f = 0; f < features; f++) {
            double sum = 0;
            for (int i : batch) {
                if (!Double.isNaN(values[f][i])) {
                    count[f]++;
                    sum += values[f][i];
                }
            }
            mean[f] = sum / count[f];
            for (int i : batch) {
                if (!Double.isNaN(values[f][i])) {
                    squares[f] += (values[f][i] - mean[f]) * (values[f][i] - mean[f]);
                }
            }
            delta[f] = meanOnly ? 1 : squares[f] / (count[f] - 1);
        }
        return new EmpiricalBayes.BatchMoments(count, mean, squares, delta);
    }

    /** Rescales the standardised data with the posterior estimates and restores the mean and pooled scale. */
    private static double[][] adjust(double[][] data, int[] adjusted, Standardised s, int[][] members,
                                     EmpiricalBayes.Posterior[] posteriors) {
        double[][] out = new double[data.length][];
        for (int f = 0; f < data.length; f++) {
            out[f] = data[f].clone();
        }
        for (int k = 0; k < adjusted.length; k++) {
            for (int b = 0; b < members.length; b++) {
                double gamma = posteriors[b].gammaStar()[k];
                double scale = Math.sqrt(posteriors[b].deltaStar()[k]);
                for (int i : members[b]) {
                    out[adjusted[k]][i] = (s.values()[k][i] - gamma) / scale * s.sd()[k] + s.mean()[k][i];
                }
            }
        }
        return out;
    }
}
