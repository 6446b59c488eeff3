package org.cohortseg.dicom.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The index of a cohort's series: each with the path that reads it, its subject id (pseudonymised
 * when a key is given) and the study's selected series marked. Series come out sorted by study and
 * series, whatever order they were found in.
 */
public final class SeriesIndex {
    private SeriesIndex() {
    }

    /**
     * @param all every series found
     * @param selection how a study's series is chosen
     * @param pseudonyms replaces patient ids, or null to keep them
     */
    public static List<IndexedSeries> of(List<SeriesSummary> all, SeriesSelection selection, Pseudonyms pseudonyms) {
        List<SeriesSummary> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing((SeriesSummary s) -> String.valueOf(s.first().studyUid()))
                .thenComparing(s -> s.first().seriesKey()));
        SeriesLocations locations = new SeriesLocations(sorted);
        List<IndexedSeries> out = new ArrayList<>();
        for (SeriesSummary s : sorted) {
            SeriesLocations.Location where = locations.of(s);
            List<String> reasons = new ArrayList<>(s.reasons());
            if (where.problem() != null) {
                reasons.add(where.problem());
            }
            String patient = s.first().patientId();
            out.add(new IndexedSeries(s, pseudonyms == null ? patient : pseudonyms.of(patient), where.path(), reasons, false));
        }
        return selection.select(out);
    }
}
