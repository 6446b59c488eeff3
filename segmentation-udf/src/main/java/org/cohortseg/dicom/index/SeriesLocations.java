package org.cohortseg.dicom.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.cohortseg.dicom.SeriesReference;

/**
 * The path that reads each series: the deepest folder (or archive) holding all its files, alone
 * when no other series has a file under it, and with {@code #SeriesInstanceUID} when one does.
 */
final class SeriesLocations {
    private final NavigableMap<String, List<SeriesSummary>> byFolder = new TreeMap<>();

    SeriesLocations(List<SeriesSummary> all) {
        for (SeriesSummary s : all) {
            for (String f : s.folders()) {
                byFolder.computeIfAbsent(f, k -> new ArrayList<>()).add(s);
            }
        }
    }

    /** A series' path, or its problem. */
    record Location(String path, String problem) {
    }

    Location of(SeriesSummary series) {
        String folder = commonFolder(series.folders());
        boolean shared = byFolder.subMap(folder, true, folder + "/\uffff", true).entrySet().stream()
                .filter(e -> e.getKey().equals(folder) || e.getKey().startsWith(folder + "/"))
                .anyMatch(e -> e.getValue().stream().anyMatch(other -> other != series));
        if (!shared) {
            return new Location(folder, null);
        }
        String uid = series.first().seriesUid();
        return uid == null || !uid.equals(series.first().seriesKey())
                ? new Location(folder, "shares its folder with other series and has no SeriesInstanceUID to tell it apart")
                : new Location(SeriesReference.format(folder, uid), null);
    }

    /** The deepest folder holding all of {@code folders}. */
    static String commonFolder(List<String> folders) {
        String[] common = folders.get(0).split("/", -1);
        int n = common.length;
        for (String f : folders.subList(1, folders.size())) {
            String[] parts = f.split("/", -1);
            int i = 0;
            while (i < Math.min(n, parts.length) && parts[i].equals(common[i])) {
                i++;
            }
            n = i;
        }
        return String.join("/", Arrays.copyOf(common, n));
    }
}
