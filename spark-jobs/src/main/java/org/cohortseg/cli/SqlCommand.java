package org.cohortseg.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.jobs.CatalogName;
import org.cohortseg.jobs.SqlNotebook;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cohortseg sql}: runs Spark SQL notebooks statement by statement, as {@code spark-sql -f}
 * does, against a cohort's folders (as temporary views) or its catalog database, and prints each result.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run Spark SQL notebooks (notebooks/*.sql) on the tables of a cohort: its folders or its catalog database.")
final class SqlCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the tables are: folders, or a catalog database. */
    static final class Source {
        @ArgGroup(exclusive = false)
        Folders folders;

        @Option(names = "--catalog", paramLabel = "NAME", description = "Catalog database with the tables (cohortseg register); "
                + "the notebooks run after USE NAME.")
        CatalogName catalog;
    }

    /** Table folders, registered as temporary views. */
    static final class Folders {
        @Option(names = "--tables", required = true, description = "Folder with scans/ and measurements/.")
        String tables;

        @Option(names = "--stats", description = "Folder with the statistics tables (from cohortseg stats).")
        String stats;
    }

    @Option(names = "--rows", defaultValue = "50", description = "Rows shown per statement (default: ${DEFAULT-VALUE}).")
    int rows;

    @Mixin
    SparkMasterMixin master;

    @Parameters(arity = "1..*", description = "Notebook files.")
    List<Path> notebooks;

    @Override
    public Integer call() throws Exception {
        try (SparkSessions session = master.open(source.catalog)) {
            SparkSession spark = session.get();
            if (source.catalog == null) {
                SqlNotebook.registerViews(spark, source.folders.tables, source.folders.stats);
            } else {
                spark.sql("USE " + source.catalog.sql());
            }
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
