package org.cohortseg.cli;

import java.util.concurrent.Callable;
import org.cohortseg.jobs.CatalogName;
import org.cohortseg.jobs.CatalogTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cohortseg register}: registers existing table folders in a catalog database, as segment and stats do with --catalog. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register a cohort's tables (and statistics tables) as external tables of a catalog database.")
final class RegisterCommand implements Callable<Integer> {
    @Option(names = "--tables", required = true, description = "Folder with scans/ and measurements/ (from segment).")
    String tables;

    @Option(names = "--stats", description = "Folder with the statistics tables (from stats).")
    String stats;

    @Option(names = "--catalog", required = true, paramLabel = "NAME", description = "The catalog database (schema); "
            + "made when absent. Tables already there are refreshed.")
    CatalogName catalog;

    @Mixin
    SparkMasterMixin master;

    @Override
    public Integer call() throws Exception {
        try (SparkSessions spark = master.open(catalog)) {
            CatalogTables registry = new CatalogTables(spark.get(), catalog, System.out);
            registry.registerSegmentTables(tables);
            if (stats != null) {
                registry.registerStatsTables(stats);
            }
            return 0;
        }
    }
}
