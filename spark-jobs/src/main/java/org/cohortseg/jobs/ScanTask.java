package org.cohortseg.jobs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One scan to process: its identifiers, the resolved path (any Hadoop file system), its size for
 * balancing partitions, and the manifest row's values (carried into the scans table).
 *
 * @param scanId scan identifier
 * @param subjectId subject identifier
 * @param path resolved path URI (as written, credentials masked, when it cannot be resolved)
 * @param sizeBytes file size, -1 when it could not be listed (the task then fails with the reason)
 * @param age age in years, null when missing or implausible
 * @param sex sex as given
 * @param manifestIssues what is wrong with the row's age or sex, null when nothing is
 * @param pathProblem why the path cannot be used (the scan fails with it), null when it can
 * @param manifestValues the manifest row, in manifest column order
 */
public record ScanTask(String scanId, String subjectId, String path, long sizeBytes, Double age, String sex,
                       String manifestIssues, String pathProblem, List<Object> manifestValues) implements Serializable {

    public ScanTask {
        manifestValues = java.util.Collections.unmodifiableList(new ArrayList<>(manifestValues));
    }
}
