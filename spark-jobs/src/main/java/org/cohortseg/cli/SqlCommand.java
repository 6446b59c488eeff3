package org.cohortseg.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.jobs.SqlNotebook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cohortseg sql}: runs a Spark SQL notebook against a cohort's tables and prints each cell. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run a Spark SQL notebook (notebooks/*.sql) on the tables of a cohort.")
final class SqlCommand implements Callable<Integer> {
    @Option(names = "--tables", required = true, description = "Folder with scans/ and measurements/.")
    String tables;

    @Option(names = "--stats", description = "Folder with the statistics tables (from cohortseg stats).")
    String stats;

    @Option(names = "--rows", defaultValue = "50", description = "Rows shown per cell (default: ${DEFAULT-VALUE}).")
    int rows;

    @Mixin
    SparkMasterMixin master;

    @Parameters(arity = "1..*", description = "Notebook files.")
    List<Path> notebooks;

    @Override
    public Integer call() throws Exception {
        try (SparkSessions session = master.open()) {
            SparkSession spark = session.get();
            SqlNotebook.registerViews(spark, tables, stats);
            for (Path notebook : notebooks) {
                System.out.println("# " + notebook);
                for (SqlNotebook.Cell cell : SqlNotebook.parse(notebook)) {
                    System.out.println("## " + cell.title());
                    spark.sql(cell.sql()).show(rows, false);
                }
            }
            return 0;
        }
    }
}
