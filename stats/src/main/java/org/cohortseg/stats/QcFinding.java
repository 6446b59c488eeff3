package org.cohortseg.stats;

import java.util.Comparator;
import java.util.Objects;

/**
 * One row of {@code qc_flags}: a flag raised on one structure of one scan, with a human-readable
 * detail that names the numbers behind it. Findings sort by scan id, structure, then flag.
 *
 * @param scanId scan
 * @param structure structure name
 * @param flag the rule that raised it
 * @param detail what was found, with the figures
 */
public record QcFinding(String scanId, String structure, QcFlag flag, String detail) implements Comparable<QcFinding> {
    private static final Comparator<QcFinding> ORDER = Comparator.comparing(QcFinding::scanId)
            .thenComparing(QcFinding::structure).thenComparing(QcFinding::flag).thenComparing(QcFinding::detail);

    public QcFinding {
        Objects.requireNonNull(scanId, "scanId");
        Objects.requireNonNull(structure, "structure");
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public int compareTo(QcFinding other) {
        return ORDER.compare(this, other);
    }
}
