package org.cohortseg.stats;

import java.util.Arrays;

/**
 * K-fold cross-validation of the elastic net over glmnet's lambda path with given fold ids, as R's
 * {@code cv.glmnet(x, y, foldid = ..., type.measure = "mse", keep = TRUE)} (glmnet 4.1-6, its defaults
 * {@code alignment = "lambda"}, {@code grouped = TRUE}): the path on all data fixes the lambdas; each
 * fold's training part is fitted along its own glmnet path and its held-out rows are predicted at the
 * full-data lambdas by glmnet's linear interpolation in lambda ({@link ElasticNetPath#predictAt});
 * {@code cvm} is the fold-size weighted mean of the per-fold mean squared errors and {@code cvsd}
 * {@code sqrt(weighted mean of (fold mse - cvm)^2 / (K - 1))}; {@code lambda.min} is the largest lambda
 * with the smallest cvm, {@code lambda.1se} the largest whose cvm is within one cvsd of it.
 *
 * @param fit the path on all data
 * @param cvm cross-validated mean squared error per lambda
 * @param cvsd its standard error per lambda
 * @param indexMin index of lambda.min
 * @param index1se index of lambda.1se
 * @param prevalidated held-out predictions ([lambda][observation]; cv.glmnet's {@code fit.preval}, transposed)
 */
public record ElasticNetCv(ElasticNetPath fit, double[] cvm, double[] cvsd, int indexMin, int index1se,
                           double[][] prevalidated) {
    /** Fewest folds cv.glmnet accepts. */
    public static final int MIN_FOLDS = 3;

    public ElasticNetCv {
        cvm = cvm.clone();
        cvsd = cvsd.clone();
        prevalidated = copy(prevalidated);
    }

    @Override public double[] cvm() { return cvm.clone(); }
    @Override public double[] cvsd() { return cvsd.clone(); }
    @Override public double[][] prevalidated() { return copy(prevalidated); }

    /** The lambda with the smallest cross-validated error. */
    public double lambdaMin() {
        return fit.lambda(indexMin);
    }

    /** The largest lambda within one standard error of the smallest cross-validated error. */
    public double lambda1se() {
        return fit.lambda(index1se);
    }

    /** The held-out predictions at lambda index k, one per observation. */
    public double[] prevalidated(int k) {
        return prevalidated[k].clone();
    }

    /**
     * Cross-validates.
     *
     * @param x observations x features
     * @param y responses
     * @param foldId fold of each observation, 1..K, every fold used, K at least {@link #MIN_FOLDS}
     * @param options the elastic-net settings of every fit
     */
    public static Estimate<ElasticNetCv> fit(double[][] x, double[] y, int[] foldId, ElasticNet.Options options) {
        int n = y.length;
        if (foldId.length != n || x.length != n) {
            throw new IllegalArgumentException("x, y and foldId differ in length");
        }
        int folds = 0;
        for (int f : foldId) {
            if (f < 1) {
                throw new IllegalArgumentException("fold ids start at 1: " + f);
            }
            folds = Math.max(folds, f);
        }
        int[] size = new int[folds + 1];
        for (int f : foldId) {
            size[f]++;
        }
        for (int f = 1; f <= folds; f++) {
            if (size[f] == 0) {
                return Estimate.none("fold " + f + " is empty");
            }
        }
        if (folds < MIN_FOLDS || n < 3 * folds) {
            return Estimate.none("need at least " + MIN_FOLDS + " folds of at least 3 observations; have " + folds
                    + " folds for n = " + n);
        }
        Estimate<ElasticNetPath> full = ElasticNet.path(x, y, options);
        if (!full.present()) {
            return Estimate.none(full.reason());
        }
        double[] lambda = full.value().lambda();
        double[][] predictions = new double[lambda.length][n];
        for (int f = 1; f <= folds; f++) {
            String problem = predictFold(x, y, foldId, f, lambda, options, predictions);
            if (problem != null) {
                return Estimate.none("fold " + f + ": " + problem);
            }
        }
        double[] cvm = new double[lambda.length];
        double[] cvsd = new double[lambda.length];
        for (int l = 0; l < lambda.length; l++) {
            double[] foldMse = new double[folds + 1];
            for (int i = 0; i < n; i++) {
                double e = y[i] - predictions[l][i];
                foldMse[foldId[i]] += e * e;
            }
            double weighted = 0;
            for (int f = 1; f <= folds; f++) {
                foldMse[f] /= size[f];
                weighted += foldMse[f] * size[f];
            }
            cvm[l] = weighted / n;
            double spread = 0;
            for (int f = 1; f <= folds; f++) {
                spread += (foldMse[f] - cvm[l]) * (foldMse[f] - cvm[l]) * size[f];
            }
            cvsd[l] = Math.sqrt(spread / n / (folds - 1));
        }
        int indexMin = 0;
        for (int l = 1; l < lambda.length; l++) {
            if (cvm[l] < cvm[indexMin]) {
                indexMin = l;
            }
        }
        int index1se = 0;
        while (cvm[index1se] > cvm[indexMin] + cvsd[indexMin]) {
            index1se++;
        }
        return Estimate.of(new ElasticNetCv(full.value(), cvm, cvsd, indexMin, index1se, predictions));
    }

    /** Fits fold f's training part and writes its held-out predictions; returns a problem or null. */
    private static String predictFold(double[][] x, double[] y, int[] foldId, int f, double[] lambda,
                                      ElasticNet.Options options, double[][] predictions) {
        int n = y.length;
        int train = 0;
        for (int id : foldId) {
            train += id != f ? 1 : 0;
        }
        double[][] xTrain = new double[train][];
        double[] yTrain = new double[train];
        int t = 0;
        for (int i = 0; i < n; i++) {
            if (foldId[i] != f) {
                xTrain[t] = x[i];
                yTrain[t++] = y[i];
            }
        }
        Estimate<ElasticNetPath> fold = ElasticNet.path(xTrain, yTrain, options);
        if (!fold.present()) {
            return fold.reason();
        }
        ElasticNetPath path = fold.value();
        ElasticNetPath.Interpolation[] at = new ElasticNetPath.Interpolation[lambda.length];
        for (int l = 0; l < lambda.length; l++) {
            at[l] = path.interpolation(lambda[l]);
        }
        double[] own = new double[path.size()];
        for (int i = 0; i < n; i++) {
            if (foldId[i] != f) {
                continue;
            }
            for (int k = 0; k < own.length; k++) {
                own[k] = path.predict(k, x[i]);
            }
            for (int l = 0; l < lambda.length; l++) {
                predictions[l][i] = at[l].frac() * own[at[l].left()] + (1 - at[l].frac()) * own[at[l].right()];
            }
        }
        return null;
    }

    private static double[][] copy(double[][] m) {
        return Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
    }
}
