package org.cohortseg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The R fixtures of one folder of test-resources/golden ({@code Golden.in("stats")}: CSV inputs, JSON results
 * of R) and the comparisons with them. The repository root is the system property {@code cohortseg.root} (set
 * by the build), the module folder's parent otherwise. With {@code -Dgolden.report=true} every {@link #close}
 * prints its largest relative difference.
 */
final class Golden {
    private static final Path ROOT = Path.of(System.getProperty("cohortseg.root", "..")).toAbsolutePath()
            .normalize().resolve("test-resources/golden");
    private static final boolean REPORT = Boolean.getBoolean("golden.report");

    private final Path dir;

    private Golden(Path dir) {
        this.dir = dir;
    }

    /** The fixtures of test-resources/golden/{@code folder}. */
    static Golden in(String folder) {
        return new Golden(ROOT.resolve(folder));
    }

    /** A CSV file's header names and records. */
    record Table(List<String> columns, List<CSVRecord> rows) {
        int size() {
            return rows.size();
        }

        double[] numbers(String column) {
            return rows.stream().mapToDouble(r -> Double.parseDouble(r.get(column))).toArray();
        }

        int[] integers(String column) {
            return rows.stream().mapToInt(r -> Integer.parseInt(r.get(column))).toArray();
        }

        String[] strings(String column) {
            return rows.stream().map(r -> r.get(column)).toArray(String[]::new);
        }

        /** The rows by their value of {@code column}, in the order the values first appear. */
        Map<String, Table> by(String column) {
            Map<String, List<CSVRecord>> groups = new LinkedHashMap<>();
            for (CSVRecord r : rows) {
                groups.computeIfAbsent(r.get(column), k -> new ArrayList<>()).add(r);
            }
            Map<String, Table> tables = new LinkedHashMap<>();
            groups.forEach((value, list) -> tables.put(value, new Table(columns, list)));
            return tables;
        }
    }

    /** A CSV file of this folder (RFC 4180 with a header). */
    Table table(String file) {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(dir.resolve(file), StandardCharsets.UTF_8, format)) {
            return new Table(parser.getHeaderNames(), parser.getRecords());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON file of this folder. */
    JsonNode json(String file) {
        try {
            return new ObjectMapper().readTree(dir.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of numbers. */
    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
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

    /**
     * Asserts {@code assertEquals(expected, actual, rel * |expected| + absolute)}: within {@code rel} of R's
     * value, or {@code absolute} of it, or the same value (NaN included).
     */
    static void near(double expected, double actual, double rel, double absolute, String what) {
        assertEquals(expected, actual, rel * Math.abs(expected) + absolute, what);
    }

    /** The same length as R's array and every entry {@link #near(double, double, double, double, String)} it. */
    static void near(JsonNode expected, double[] actual, double rel, double absolute, String what) {
        assertEquals(expected.size(), actual.length, what);
        for (int i = 0; i < actual.length; i++) {
            near(expected.get(i).asDouble(), actual[i], rel, absolute, what + "[" + i + "]");
        }
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
