package org.cohortseg.stats;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One scan per subject for the cross-sectional statistics: a subject scanned several times would
 * otherwise count as several independent people. The baseline is the subject's youngest scan (the
 * smallest scan id among scans at the same age), whatever order the table gives the rows in; the
 * later scans are the longitudinal analysis's.
 */
public final class Baseline {
    private static final Comparator<ScanInfo> FIRST = Comparator.comparingDouble(ScanInfo::age)
            .thenComparing(ScanInfo::scanId);

    private Baseline() {
    }

    /** The observations of each subject's baseline scan, in the given order. */
    public static List<StructureObservation> of(List<StructureObservation> observations) {
        Map<String, ScanInfo> first = new HashMap<>();
        for (StructureObservation o : observations) {
            first.merge(o.scan().subjectId(), o.scan(), (a, b) -> FIRST.compare(a, b) <= 0 ? a : b);
        }
        return observations.stream().filter(o -> first.get(o.scan().subjectId()).scanId().equals(o.scanId())).toList();
    }
}
