package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The fixtures of test-resources/golden/harmonization (CSV inputs, JSON results of R) and relative comparison
 * with them. With {@code -Dgolden.report=true} every comparison prints its largest relative difference.
 */
final class Golden {
    private static final Path DIR = Path.of(System.getProperty("cohortseg.root", "..")).toAbsolutePath().normalize()
            .resolve("test-resources/golden/harmonization");
    private static final boolean REPORT = Boolean.getBoolean("golden.report");

    private Golden() {
    }

    /** A CSV file's columns by header name. */
    record Table(List<CSVRecord> rows) {
        double[] numbers(String column) {
            return rows.stream().mapToDouble(r -> Double.parseDouble(r.get(column))).toArray();
        }

        String[] strings(String column) {
            return rows.stream().map(r -> r.get(column)).toArray(String[]::new);
        }
    }

    static Table table(String file) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(DIR.resolve(file), StandardCharsets.UTF_8, format)) {
            return new Table(parser.getRecords());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String file) {
        try {
            return new ObjectMapper().readTree(DIR.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON matrix (an array of rows; null = NaN). */
    static double[][] matrix(JsonNode rows) {
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonNode row = rows.get(i);
            m[i] = new double[row.size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = row.get(j).isNull() ? Double.NaN : row.get(j).asDouble();
            }
        }
        return m;
    }

    /** Asserts that {@code actual} is within {@code relative} of R's value. */
    static void close(double expected, double actual, double relative, String what) {
        double difference = relativeDifference(expected, actual);
        report(what, difference);
        assertTrue(difference <= relative, what + ": R " + expected + ", Java " + actual + " (relative difference "
                + difference + ")");
    }

    /** Asserts that every entry of {@code actual} is within {@code relative} of R's (NaN where R has NA). */
    static void close(JsonNode expected, double[][] actual, double relative, String what) {
        double[][] r = matrix(expected);
        assertEquals(r.length, actual.length, what + " rows");
        double worst = 0;
        for (int i = 0; i < r.length; i++) {
            assertEquals(r[i].length, actual[i].length, what + " columns");
            for (int j = 0; j < r[i].length; j++) {
                double difference = relativeDifference(r[i][j], actual[i][j]);
                assertTrue(difference <= relative, what + "[" + i + "][" + j + "]: R " + r[i][j] + ", Java "
                        + actual[i][j] + " (relative difference " + difference + ")");
                worst = Math.max(worst, difference);
            }
        }
        report(what, worst);
    }

    private static double relativeDifference(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual) ? 0 : Double.POSITIVE_INFINITY;
        }
        return expected == actual ? 0 : Math.abs(actual - expected) / Math.abs(expected);
    }

    private static void report(String what, double difference) {
        if (REPORT) {
            System.out.printf("golden %-60s %.3g%n", what, difference);
        }
    }
}
