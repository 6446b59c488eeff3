package org.cohortseg.dicom;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one DICOM series is: a folder or zip archive, and, when that location holds more than one
 * series, the series' instance UID after a {@code #} ({@code study/1#1.2.840.113619.2.55.3}). Only
 * a UID (digits and dots, at most 64 characters) counts as the suffix, so a file name that merely
 * contains {@code #} is read as it is.
 *
 * @param location the folder or archive
 * @param seriesUid the series to take from it; empty for the only series there
 */
public record SeriesReference(String location, Optional<String> seriesUid) {
    private static final Pattern WITH_UID = Pattern.compile("(.+)#([0-9]+(?:\\.[0-9]+)*)");
    private static final int MAX_UID_LENGTH = 64;

    /** The reference a manifest path or command-line argument spells. */
    public static SeriesReference parse(String value) {
        Matcher m = WITH_UID.matcher(value);
        if (m.matches() && m.group(2).length() <= MAX_UID_LENGTH) {
            return new SeriesReference(m.group(1), Optional.of(m.group(2)));
        }
        return new SeriesReference(value, Optional.empty());
    }

    /** The reference to series {@code seriesUid} in {@code location}. */
    public static String format(String location, String seriesUid) {
        return location + "#" + seriesUid;
    }
}
