package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.cli.CohortsegCli;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog tables as a user meets them: segment, a resumed segment (the broken scans tried again),
 * stats and register, each with --catalog in its own JVM on one embedded metastore (Derby and
 * warehouse in a temporary folder, set by the standard settings; the shared test session keeps its
 * in-memory catalog), then a fresh JVM runs every notebook in the catalog database, statement by
 * statement as spark-sql -f does, and the values are checked against the files.
 */
class CatalogTablesTest {
    /** Enough for every statistics table, few enough to segment quickly (no reference charts: they need 20 of a sex). */
    private static final int SCANS = 8;
    private static final List<String> TABLES = Stream.concat(Stream.of("measurements",
            "measurements_latest", "scans", "scans_latest"), StatsTables.ALL.stream().map(StatsTable::name)).sorted().toList();

    @TempDir
    static Path tmp;
    private static Path tables;
    private static String resumed;
    private static List<Shown> shown;

    /** One result as {@code cohortseg sql} prints it: the statement's title and its rows by column name. */
    private record Shown(String title, List<Map<String, String>> rows) {
        List<String> column(String name) {
            return rows.stream().map(r -> r.get(name)).toList();
        }

        Map<String, String> pairs(String key, String value) {
            return rows.stream().collect(Collectors.toMap(r -> r.get(key), r -> r.get(value), (a, b) -> a, TreeMap::new));
        }
    }

    @BeforeAll
    static void registerThenQueryFromAnotherJvm() throws Exception {
        Path manifest = TestCohort.write(tmp.resolve("cohort"), SCANS, 61);
        tables = tmp.resolve("tables");
        Path stats = tmp.resolve("stats");
        List<String> segment = List.of("segment", "--manifest", manifest.toString(), "--out", tables.toString(),
                "--master", "local[2]", "--catalog", "study");
        // the writers in one JVM (one start instead of four); the reader below is a fresh one
        String written = cli(CliSequence.class, CliSequence.of(List.of(segment, plus(segment, "--resume"),
                List.of("stats", "--tables", tables.toString(), "--out", stats.toString(), "--covariates", "scanner",
                        "--master", "local[2]", "--catalog", "study"),
                List.of("register", "--tables", tables.toString(), "--stats", stats.toString(), "--master", "local[2]",
                        "--catalog", "again"))));
        resumed = CliSequence.output(written, 1);
        Path checks = Files.writeString(tmp.resolve("checks.sql"),
                "SHOW TABLES;\nSHOW TABLES IN again;\nDESCRIBE TABLE EXTENDED scans;\n");
        try (Stream<Path> files = Files.list(CohortsegHome.resolve("notebooks"))) {
            String[] notebooks = files.map(Path::toString).filter(f -> f.endsWith(".sql")).sorted().toArray(String[]::new);
            shown = parse(cli(CohortsegCli.class, plus(List.of("sql", "--catalog", "study", "--master", "local[2]", "--rows",
                    "1000", checks.toString()), notebooks)));
        }
    }

    @Test
    void everyTableIsRegisteredOverItsFolderWithoutACopy() throws Exception {
        assertEquals(TABLES, titled("checks.sql").get(0).column("tableName").stream().sorted().toList(),
                "segment and stats --catalog study");
        assertEquals(TABLES, titled("checks.sql").get(1).column("tableName").stream().sorted().toList(),
                "register --catalog again");
        Map<String, String> scans = titled("checks.sql").get(2).pairs("col_name", "data_type");
        assertEquals("EXTERNAL", scans.get("Type"));
        assertEquals(tables.resolve("scans").toUri().toString().replaceFirst("/$", ""),
                scans.get("Location").replaceFirst("^file:/+", "file:///"));
        try (Stream<Path> files = Files.walk(tmp.resolve("warehouse"))) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".parquet")), "nothing copied into the warehouse");
        }
        assertTrue(resumed.contains("catalog: study.scans refreshed"), "registering again refreshes: " + resumed);
    }

    @Test
    void theQcNotebookCountsEachScanOnceAfterAResume() {
        assertEquals(Map.of("FAILED", "5", "OK", Integer.toString(SCANS)), titled("Scans by status").get(0).pairs("status", "scans"));
        assertEquals(Map.of("1", Integer.toString(SCANS), "2", "5"), titled("Tries").get(0).pairs("tries", "scans"),
                "the broken scans were tried twice");
        Shown failed = titled("Why scans failed").get(0);
        assertEquals(new TreeSet<>(TestCohort.BROKEN.values()), new TreeSet<>(failed.column("error_class")));
        assertTrue(failed.column("scans").stream().allMatch("1"::equals), "each failed scan counted once");
    }

    @Test
    void everyNotebookRunsInTheCatalogWithTheValuesOfTheFiles() throws Exception {
        SparkSession spark = SharedSpark.get();
        long statements = 3;
        try (Stream<Path> files = Files.list(CohortsegHome.resolve("notebooks"))) {
            for (Path notebook : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                statements += SqlNotebook.parse(notebook).size();
            }
        }
        assertEquals(statements, shown.size(), "every statement printed its result");
        Row aorta = spark.read().parquet(tmp.resolve("stats/age_associations").toString())
                .where("structure = 'aorta' AND measure = 'volume_ml' AND stratum = 'all'").first();
        Map<String, String> rs = titled("All structures").get(0).rows().stream()
                .filter(r -> r.get("measure").equals("volume_ml"))
                .collect(Collectors.toMap(r -> r.get("structure"), r -> r.get("rs")));
        assertEquals(Math.round(100 * aorta.<Double>getAs("spearman_rho")) / 100.0, Double.parseDouble(rs.get("aorta")), 1e-9);
        assertEquals(18, titled("Median volume by sex").get(0).rows().size(), "one row per structure");
        long measured = spark.read().parquet(tables.resolve("measurements").toString()).count();
        assertEquals(measured, titled("Mean attenuation by scanner").get(0).column("scans").stream().mapToLong(Long::parseLong)
                .sum(), "every measurement once");
    }

    private static List<Shown> titled(String prefix) {
        List<Shown> found = shown.stream().filter(s -> s.title().startsWith(prefix)).toList();
        assertTrue(!found.isEmpty(), "no result titled " + prefix);
        return found;
    }

    /** The results in {@code cohortseg sql}'s output: "## title", then Dataset.show's table. */
    private static List<Shown> parse(String stdout) {
        List<Shown> results = new ArrayList<>();
        List<String> header = null;
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("## ")) {
                results.add(new Shown(line.substring(3), new ArrayList<>()));
                header = null;
            } else if (line.startsWith("|")) {
                List<String> cells = Arrays.stream(line.substring(1).split("\\|", -1)).map(String::strip).toList();
                if (header == null) {
                    header = cells;
                } else {
                    Map<String, String> row = new TreeMap<>();
                    for (int i = 0; i < header.size() - 1; i++) {
                        row.put(header.get(i), cells.get(i));
                    }
                    results.get(results.size() - 1).rows().add(row);
                }
            }
        }
        return results;
    }

    private static List<String> plus(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    /** Runs {@code main} (the CLI, or a {@link CliSequence}) in its own JVM on the test's metastore; returns its stdout. */
    private static String cli(Class<?> main, List<String> args) throws Exception {
        Path stdout = Files.createTempFile(tmp, "out", ".txt");
        Path stderr = Files.createTempFile(tmp, "err", ".txt");
        Process p = ChildJvm.of(tmp, List.of("-Dspark.sql.warehouse.dir=" + tmp.resolve("warehouse").toUri(),
                        "-Dspark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=" + tmp.resolve("metastore")
                                + ";create=true",
                        "-Dderby.stream.error.file=" + tmp.resolve("derby.log"), "-Dspark.ui.enabled=false",
                        "-Dspark.driver.host=127.0.0.1"), main.getName(), args)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not end in 8 minutes: " + args);
        }
        assertEquals(0, p.exitValue(), args + ":\n" + Files.readString(stdout) + Files.readString(stderr));
        return Files.readString(stdout);
    }
}
