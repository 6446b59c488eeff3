package org.cohortseg.jobs;

import java.util.List;

/**
 * A cohort's tables by name (the folders {@code segment} and {@code stats} write, and the names
 * notebooks query), and the views that count each scan once. After {@code --resume} the scans table
 * holds one row per scan and try; the one that counts is the latest per scan and model: an OK row
 * before a FAILED one, then the greatest processed_at (run_id breaks ties). The views are defined
 * here once, for the catalog and for the temporary views of {@code cohortseg sql}.
 */
final class CohortTables {
    /** The tables of {@code cohortseg segment}. */
    static final List<String> SEGMENT = List.of("scans", "measurements");
    /** The tables of {@code cohortseg stats}. */
    static final List<String> STATS = StatsTables.ALL.stream().map(StatsTable::name).toList();
    static final String SCANS_LATEST = "scans_latest";
    static final String MEASUREMENTS_LATEST = "measurements_latest";

    private CohortTables() {
    }

    /** The query of scans_latest over the scans table {@code scans}: its columns, one row per scan and model. */
    static String scansLatest(String scans) {
        return "SELECT latest.* FROM (SELECT max_by(struct(*), struct(status = 'OK', processed_at, run_id)) AS latest FROM "
                + scans + " GROUP BY scan_id, model_id)";
    }

    /** The query of measurements_latest: the measurements of the scans whose latest row is OK. */
    static String measurementsLatest(String measurements, String scansLatest) {
        return "SELECT m.* FROM " + measurements + " m LEFT SEMI JOIN " + scansLatest
                + " l ON m.scan_id = l.scan_id AND m.run_id = l.run_id AND l.status = 'OK'";
    }
}
