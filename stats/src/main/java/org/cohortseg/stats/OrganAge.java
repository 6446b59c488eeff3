package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * "Organ age": how old an organ system looks, from its structure measurements. Per sex, a
 * cross-fitted elastic net (glmnet's, {@link ElasticNetCv}) predicts age from the system's features,
 * so every scan's predicted age comes from a model that never saw it.
 *
 * <p>Per sex: the scans with a finite age, sorted by scan id, get balanced outer folds from the seed
 * ({@link FoldAssignment}), so the result does not depend on the input order. For each outer fold,
 * on the training part only: features with more than half their values missing are dropped and the
 * rest imputed with the training median ({@link MedianImputation}, applied to the held-out fold too);
 * lambda is chosen by inner K-fold CV (lambda.min, inner folds from the same seeded generator); the
 * held-out scans are predicted by the training part's fit at lambda.min.
 *
 * <p>Age gap = predicted - age. Predictions regress to the mean (the young look older, the old
 * younger), so the gap correlates with age; the corrected gap removes that as Beheshti et al. (2019):
 * on the training part's own cross-validated predictions (the inner CV's held-out predictions at
 * lambda.min), the gap is regressed on age by least squares, {@code gap = c0 + c1 age}, and a held-out
 * scan's corrected gap is {@code gap - (c0 + c1 age)}. The correction never uses the held-out fold.
 */
public final class OrganAge {
    /** Fewest features an organ system needs. */
    public static final int MIN_FEATURES = 2;

    private OrganAge() {
    }

    /**
     * Settings.
     *
     * @param alpha elastic-net mixing (1 lasso, 0 ridge)
     * @param outerFolds folds of the cross-fitting
     * @param innerFolds folds of the CV that picks lambda (at least 3, as cv.glmnet)
     * @param seed seed of the fold assignment
     * @param minScans fewest scans of a sex for a model
     */
    public record Config(double alpha, int outerFolds, int innerFolds, long seed, int minScans) {
        public Config {
            if (!(alpha >= 0 && alpha <= 1) || outerFolds < 2 || innerFolds < ElasticNetCv.MIN_FOLDS) {
                throw new IllegalArgumentException("alpha in [0, 1], at least 2 outer and 3 inner folds");
            }
            if (minScans < outerFolds) {
                throw new IllegalArgumentException("minScans below the number of outer folds: " + minScans);
            }
        }

        /** The same settings with another fold seed. */
        public Config withSeed(long other) {
            return new Config(alpha, outerFolds, innerFolds, other, minScans);
        }

        /** alpha 0.5, 5 x 5 folds, seed 20261203, at least 50 scans of a sex. */
        public static Config defaults() {
            return new Config(0.5, 5, 5, 20261203L, 50);
        }
    }

    /**
     * One scan's result.
     *
     * @param scanId the scan
     * @param male its sex
     * @param fold the outer fold it was held out in (1..K)
     * @param age chronological age
     * @param predictedAge the organ system's predicted age
     * @param ageGap predicted - age
     * @param ageGapCorrected the gap less its age trend in the training part
     */
    public record ScanAge(String scanId, boolean male, int fold, double age, double predictedAge, double ageGap,
                          double ageGapCorrected) {
    }

    /**
     * One outer fold.
     *
     * @param fold 1..K
     * @param nTrain training scans
     * @param nTest held-out scans
     * @param mae mean |age gap| of the held-out scans
     * @param lambda lambda.min of the inner CV
     * @param nonZero non-zero coefficients at lambda.min
     * @param droppedFeatures features dropped for missing values in the training part
     * @param biasIntercept c0 of the gap-on-age correction
     * @param biasSlope c1 of the gap-on-age correction
     */
    public record Fold(int fold, int nTrain, int nTest, double mae, double lambda, int nonZero,
                       List<String> droppedFeatures, double biasIntercept, double biasSlope) {
        public Fold {
            droppedFeatures = List.copyOf(droppedFeatures);
        }
    }

    /**
     * The result for one sex.
     *
     * @param scans per scan, sorted by scan id
     * @param folds per outer fold
     * @param mae mean |age gap| over all scans
     * @param gapVsAge Pearson correlation of the uncorrected gap with age (the regression to the mean)
     * @param correctedGapVsAge Pearson correlation of the corrected gap with age (about 0)
     */
    public record SexResult(List<ScanAge> scans, List<Fold> folds, double mae, Estimate<Correlation> gapVsAge,
                            Estimate<Correlation> correctedGapVsAge) {
        public SexResult {
            scans = List.copyOf(scans);
            folds = List.copyOf(folds);
        }
    }

    /** Both sexes. */
    public record Result(Estimate<SexResult> female, Estimate<SexResult> male) {
    }

    /**
     * Estimates organ age for one organ system.
     *
     * @param scanIds scan ids (unique within a sex)
     * @param age chronological ages (scans with a non-finite age are left out)
     * @param male sex of each scan
     * @param features scans x features; NaN (or any non-finite value) = missing
     * @param featureNames name of each feature column
     * @param config settings
     */
    public static Result estimate(String[] scanIds, double[] age, boolean[] male, double[][] features,
                                  String[] featureNames, Config config) {
        int n = scanIds.length;
        if (age.length != n || male.length != n || features.length != n) {
            throw new IllegalArgumentException("scanIds, age, male and features differ in length");
        }
        for (double[] row : features) {
            if (row.length != featureNames.length) {
                throw new IllegalArgumentException("a feature row has " + row.length + " values for "
                        + featureNames.length + " names");
            }
        }
        return new Result(sex(Cohort.of(false, scanIds, age, male, features, featureNames), config),
                sex(Cohort.of(true, scanIds, age, male, features, featureNames), config));
    }

    /** One sex's scans with an age, sorted by scan id. */
    private record Cohort(boolean male, String[] ids, double[] age, double[][] features, String[] names) {

        static Cohort of(boolean isMale, String[] scanIds, double[] age, boolean[] male, double[][] features,
                         String[] names) {
            Integer[] rows = new Integer[scanIds.length];
            int n = 0;
            for (int i = 0; i < scanIds.length; i++) {
                if (male[i] == isMale && Double.isFinite(age[i])) {
                    rows[n++] = i;
                }
            }
            Integer[] sorted = Arrays.copyOf(rows, n);
            Arrays.sort(sorted, Comparator.comparing(i -> scanIds[i]));
            return new Cohort(isMale, Arrays.stream(sorted).map(i -> scanIds[i]).toArray(String[]::new),
                    Arrays.stream(sorted).mapToDouble(i -> age[i]).toArray(),
                    Arrays.stream(sorted).map(i -> features[i]).toArray(double[][]::new), names);
        }

        int n() {
            return ids.length;
        }

        String duplicate() {
            for (int r = 1; r < ids.length; r++) {
                if (ids[r].equals(ids[r - 1])) {
                    return ids[r];
                }
            }
            return null;
        }
    }

    private static Estimate<SexResult> sex(Cohort c, Config config) {
        int n = c.n();
        if (n < config.minScans()) {
            return Estimate.none(n + " scans with an age, fewer than " + config.minScans());
        }
        if (c.names().length < MIN_FEATURES) {
            return Estimate.none(c.names().length + " features, fewer than " + MIN_FEATURES);
        }
        if (c.duplicate() != null) {
            return Estimate.none("duplicate scan id " + c.duplicate());
        }
        SplittableRandom random = new SplittableRandom(config.seed());
        int[] outer = FoldAssignment.balanced(n, config.outerFolds(), random);
        ScanAge[] scans = new ScanAge[n];
        List<Fold> folds = new ArrayList<>();
        for (int f = 1; f <= config.outerFolds(); f++) {
            Estimate<Fold> fold = crossFit(c, outer, f, config, random.split(), scans);
            if (!fold.present()) {
                return Estimate.none("fold " + f + ": " + fold.reason());
            }
            folds.add(fold.value());
        }
        double[] gaps = new double[n];
        double[] corrected = new double[n];
        double mae = 0;
        for (int r = 0; r < n; r++) {
            gaps[r] = scans[r].ageGap();
            corrected[r] = scans[r].ageGapCorrected();
            mae += Math.abs(gaps[r]) / n;
        }
        return Estimate.of(new SexResult(List.of(scans), folds, mae, Correlations.pearson(c.age(), gaps),
                Correlations.pearson(c.age(), corrected)));
    }

    /** Fits outer fold f's training part and fills in its held-out scans. */
    private static Estimate<Fold> crossFit(Cohort c, int[] outer, int f, Config config, SplittableRandom random,
                                           ScanAge[] scans) {
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int r = 0; r < c.n(); r++) {
            (outer[r] == f ? test : train).add(r);
        }
        MedianImputation imputation = MedianImputation.learn(
                train.stream().map(r -> c.features()[r]).toArray(double[][]::new), c.names().length);
        if (imputation.kept().length < MIN_FEATURES) {
            return Estimate.none(imputation.kept().length + " features with at most half their training values "
                    + "missing");
        }
        double[][] x = train.stream().map(r -> imputation.apply(c.features()[r])).toArray(double[][]::new);
        double[] y = train.stream().mapToDouble(r -> c.age()[r]).toArray();
        int[] inner = FoldAssignment.balanced(y.length, config.innerFolds(), random);
        Estimate<ElasticNetCv> cv = ElasticNetCv.fit(x, y, inner, ElasticNet.Options.glmnet(config.alpha()));
        if (!cv.present()) {
            return Estimate.none(cv.reason());
        }
        int k = cv.value().indexMin();
        double[] trainGap = cv.value().prevalidated(k);
        for (int i = 0; i < y.length; i++) {
            trainGap[i] -= y[i];
        }
        Estimate<LeastSquares.Model> bias = LeastSquares.fit(trainGap, List.of(y), List.of("age"));
        if (!bias.present()) {
            return Estimate.none("gap-on-age correction: " + bias.reason());
        }
        double c0 = bias.value().fit().coefficients()[0];
        double c1 = bias.value().fit().coefficients()[1];
        ElasticNetPath path = cv.value().fit();
        double absolute = 0;
        for (int r : test) {
            double age = c.age()[r];
            double predicted = path.predict(k, imputation.apply(c.features()[r]));
            double gap = predicted - age;
            absolute += Math.abs(gap);
            scans[r] = new ScanAge(c.ids()[r], c.male(), f, age, predicted, gap, gap - (c0 + c1 * age));
        }
        return Estimate.of(new Fold(f, train.size(), test.size(), absolute / test.size(), cv.value().lambdaMin(),
                path.nonZero(k), dropped(c.names(), imputation.kept()), c0, c1));
    }

    private static List<String> dropped(String[] names, int[] kept) {
        boolean[] isKept = new boolean[names.length];
        for (int j : kept) {
            isKept[j] = true;
        }
        List<String> dropped = new ArrayList<>();
        for (int j = 0; j < names.length; j++) {
            if (!isKept[j]) {
                dropped.add(names[j]);
            }
        }
        return dropped;
    }
}
