package org.cohortseg.jobs;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One processed scan: its scans-table row and its measurements-table rows.
 *
 * @param scan the scans row
 * @param measurements the measurement rows (empty for a failed scan)
 * @param ok whether the scan succeeded
 */
public record ScanResult(Row scan, List<Row> measurements, boolean ok) implements Serializable {
}
