package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ElasticNet and ElasticNetCv against R's glmnet 4.1-6 (test-resources/golden/organage/make_fixtures.R),
 * both converged with thresh = 1e-14: glmnet's lambda sequence within 1e-9 relative; coefficients,
 * intercepts, dev.ratio, cvm, cvsd and the held-out predictions within 1e-6 relative; lambda.min and
 * lambda.1se the same index.
 */
class ElasticNetGoldenTest {
    private static final double LAMBDA_REL = 1e-9;
    private static final double REL = 1e-6;
    private static final double THRESHOLD = 1e-14;
    private static final Golden FIXTURES = Golden.in("organage");
    private static final JsonNode R = FIXTURES.json("expected.json");

    record Data(double[][] x, double[] y, int[] foldId) {
    }

    /** The set's columns x1 .. xp, y and foldid. */
    private static Data load(String set) {
        Golden.Table t = FIXTURES.table(set + ".csv");
        int p = t.columns().size() - 2;
        double[][] x = new double[t.size()][p];
        for (int j = 0; j < p; j++) {
            double[] column = t.numbers("x" + (j + 1));
            for (int i = 0; i < t.size(); i++) {
                x[i][j] = column[i];
            }
        }
        return new Data(x, t.numbers("y"), t.integers("foldid"));
    }

    static Stream<Arguments> fits() {
        return Stream.of("dense", "wide", "collinear")
                .flatMap(set -> Stream.of("a1", "a05", "a0").map(alpha -> Arguments.of(set, alpha)));
    }

    private static ElasticNet.Options options(String set, String alpha) {
        return ElasticNet.Options.glmnet(R.get(set).get(alpha).get("alpha").asDouble()).withThreshold(THRESHOLD);
    }

    /** |actual - expected| within rel |expected|, or within rel times the largest |expected| for zeros in R. */
    private static void close(JsonNode expected, double[] actual, double rel, String what) {
        assertEquals(expected.size(), actual.length, what + " length");
        double scale = 0;
        for (JsonNode e : expected) {
            scale = Math.max(scale, Math.abs(e.asDouble()));
        }
        for (int i = 0; i < actual.length; i++) {
            double e = expected.get(i).asDouble();
            double tolerance = e == 0 ? rel * 1e-6 * scale : rel * Math.abs(e);
            assertEquals(e, actual[i], tolerance, what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("fits")
    void pathMatchesGlmnet(String set, String alpha) {
        Data d = load(set);
        JsonNode r = R.get(set).get(alpha).get("path");
        ElasticNetPath path = ElasticNet.path(d.x(), d.y(), options(set, alpha)).value();
        String where = set + " " + alpha;
        close(r.get("lambda"), path.lambda(), LAMBDA_REL, where + " lambda");
        close(r.get("dev_ratio"), path.devRatio(), REL, where + " dev.ratio");
        for (int i = 0; i < r.get("index").size(); i++) {
            closeFit(r, i, path, r.get("index").get(i).asInt() - 1, where);
        }
    }

    @ParameterizedTest
    @MethodSource("fits")
    void fixedLambdasMatchGlmnet(String set, String alpha) {
        Data d = load(set);
        JsonNode r = R.get(set).get(alpha).get("fixed");
        double[] lambdas = {r.get("lambda").get(0).asDouble(), r.get("lambda").get(1).asDouble()};
        ElasticNetPath fit = ElasticNet.fit(d.x(), d.y(), lambdas, options(set, alpha)).value();
        String where = set + " " + alpha + " fixed";
        close(r.get("fitted_lambda"), fit.lambda(), LAMBDA_REL, where + " lambda");
        closeFit(r, 0, fit, 0, where);
        closeFit(r, 1, fit, 1, where);
    }

    @ParameterizedTest
    @MethodSource("fits")
    void crossValidationMatchesCvGlmnet(String set, String alpha) {
        Data d = load(set);
        JsonNode r = R.get(set).get(alpha).get("cv");
        ElasticNetCv cv = ElasticNetCv.fit(d.x(), d.y(), d.foldId(), options(set, alpha)).value();
        String where = set + " " + alpha + " cv";
        close(r.get("lambda"), cv.fit().lambda(), LAMBDA_REL, where + " lambda");
        close(r.get("cvm"), cv.cvm(), REL, where + " cvm");
        close(r.get("cvsd"), cv.cvsd(), REL, where + " cvsd");
        assertEquals(r.get("index_min").asInt() - 1, cv.indexMin(), where + " lambda.min index");
        assertEquals(r.get("index_1se").asInt() - 1, cv.index1se(), where + " lambda.1se index");
        close(r.get("lambda_min"), cv.lambdaMin(), where + " lambda.min");
        close(r.get("preval_min"), cv.prevalidated(cv.indexMin()), REL, where + " fit.preval");
    }

    @Test
    void degenerateInputGivesAReason() {
        double[][] x = {{1, 2}, {2, 1}, {3, 5}, {4, 3}};
        ElasticNet.Options options = ElasticNet.Options.glmnet(0.5);
        assertEquals("y is constant", ElasticNet.path(x, new double[] {7, 7, 7, 7}, options).reason());
        double[][] flat = {{1, 2}, {1, 2}, {1, 2}, {1, 2}};
        assertEquals("all predictors are constant", ElasticNet.path(flat, new double[] {1, 2, 3, 4}, options).reason());
        double[][] missing = {{1, 2}, {2, Double.NaN}, {3, 5}, {4, 3}};
        assertTrue(ElasticNet.path(missing, new double[] {1, 2, 3, 4}, options).reason().startsWith("non-finite"));
        Estimate<ElasticNetCv> twoFolds = ElasticNetCv.fit(x, new double[] {1, 2, 3, 4}, new int[] {1, 2, 1, 2},
                options);
        assertTrue(twoFolds.reason().startsWith("need at least 3 folds"), twoFolds.reason());
    }

    /** R's i-th stored a0 and beta against the fit at index k. */
    private static void closeFit(JsonNode r, int i, ElasticNetPath fit, int k, String where) {
        close(r.get("a0").get(i), fit.intercept()[k], where + " a0 at " + k);
        close(r.get("beta").get(i), fit.coefficients(k), REL, where + " beta at " + k);
    }

    private static void close(JsonNode expected, double actual, String what) {
        double e = expected.asDouble();
        assertTrue(Math.abs(actual - e) <= REL * Math.abs(e), what + ": expected " + e + " got " + actual);
    }
}
