package org.cohortseg.dicom.index;

import java.util.List;

/**
 * A series as the index writes it: its summary, the subject id (the patient id, or its pseudonym),
 * the path that reads it, every reason it is not usable, and whether it was selected for its study.
 *
 * @param summary the series
 * @param subjectId patient id or pseudonym, or null
 * @param path where the reader finds it: its folder or archive, or a {@code #SeriesInstanceUID} reference
 * @param reasons why the study cannot use it (the summary's and the location's); empty when it can
 * @param selected whether it is its study's series in the manifest
 */
public record IndexedSeries(SeriesSummary summary, String subjectId, String path, List<String> reasons, boolean selected) {

    public IndexedSeries {
        reasons = List.copyOf(reasons);
    }

    /** Whether the study can use it. */
    public boolean usable() {
        return reasons.isEmpty();
    }

    /** The reasons as one text, or null when usable. */
    public String reasonText() {
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    /** The same series, selected. */
    IndexedSeries asSelected() {
        return new IndexedSeries(summary, subjectId, path, reasons, true);
    }
}
