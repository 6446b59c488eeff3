package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The QC flags of a measurement table ({@link QcFlags}) and the observations that remain when the
 * flagged ones are dropped ({@code stats --exclude-flagged}).
 */
public final class QcStudy {
    private QcStudy() {
    }

    /** The flags of every scan. */
    public static List<QcFinding> run(List<StructureObservation> observations, CentileLookup charts) {
        Map<String, List<StructureObservation>> byScan = new LinkedHashMap<>();
        observations.forEach(o -> byScan.computeIfAbsent(o.scanId(), k -> new ArrayList<>()).add(o));
        List<QcInput> cohort = new ArrayList<>();
        byScan.forEach((scan, list) -> cohort.add(QcInput.of(scan, list.get(0).male(), list.get(0).age(),
                list.stream().map(QcStudy::structure).toList())));
        return QcFlags.run(cohort, charts);
    }

    private static QcInput.Structure structure(StructureObservation o) {
        boolean incomplete = QcInput.INCOMPLETE.equals(o.nullReason());
        return new QcInput.Structure(o.structure(), o.volumeMl(), o.centroidZMm(), o.nullReason(), incomplete);
    }

    /** The observations less those a flag excludes. */
    public static List<StructureObservation> withoutFlagged(List<StructureObservation> observations,
                                                            List<QcFinding> findings) {
        Map<String, Set<String>> excluded = QcFlags.exclusions(findings);
        return observations.stream()
                .filter(o -> !excluded.getOrDefault(o.scanId(), Set.of()).contains(o.structure()))
                .toList();
    }
}
