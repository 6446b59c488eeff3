package org.cohortseg.dicom.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Picks one series per study among the usable ones, as the aging study did: with a kernel
 * preference, the series whose ConvolutionKernel matches the earliest pattern first; then the
 * thinnest slices, the widest coverage, the most slices, and the smallest series UID (so the choice
 * never depends on listing order).
 *
 * @param kernelPreference patterns (matched against the whole kernel text, case-insensitive), best first; may be empty
 */
public record SeriesSelection(List<Pattern> kernelPreference) {

    public SeriesSelection {
        kernelPreference = List.copyOf(kernelPreference);
    }

    /** The patterns of a comma-separated list ("FC1.*,B3.*"), case-insensitive. */
    public static SeriesSelection preferring(List<String> kernels) {
        return new SeriesSelection(kernels.stream().map(k -> Pattern.compile(k, Pattern.CASE_INSENSITIVE)).toList());
    }

    /** {@code series} with one usable series per study marked selected, in the same order. */
    public List<IndexedSeries> select(List<IndexedSeries> series) {
        Map<String, IndexedSeries> best = new LinkedHashMap<>();
        Comparator<IndexedSeries> order = order();
        for (IndexedSeries s : series) {
            if (s.usable()) {
                best.merge(study(s), s, (a, b) -> order.compare(a, b) <= 0 ? a : b);
            }
        }
        List<IndexedSeries> out = new ArrayList<>(series.size());
        for (IndexedSeries s : series) {
            out.add(best.get(study(s)) == s ? s.asSelected() : s);
        }
        return out;
    }

    private static String study(IndexedSeries s) {
        return Objects.requireNonNullElse(s.summary().first().studyUid(), "no study: " + s.summary().first().seriesKey());
    }

    private Comparator<IndexedSeries> order() {
        return Comparator.<IndexedSeries>comparingInt(s -> kernelRank(s.summary().first().kernel()))
                .thenComparingDouble(s -> s.summary().sliceSpacing())
                .thenComparing(s -> -s.summary().zCoverage())
                .thenComparing(s -> -s.summary().slices())
                .thenComparing(s -> s.summary().first().seriesKey());
    }

    private int kernelRank(String kernel) {
        for (int i = 0; i < kernelPreference.size(); i++) {
            if (kernel != null && kernelPreference.get(i).matcher(kernel).matches()) {
                return i;
            }
        }
        return kernelPreference.size();
    }
}
