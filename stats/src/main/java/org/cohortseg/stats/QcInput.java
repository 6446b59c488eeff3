package org.cohortseg.stats;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What quality control reads of one scan: its subject and, per structure, the rows of the
 * measurements table it needs.
 *
 * @param scanId scan
 * @param male sex
 * @param age age in years
 * @param structures the scan's structures by name
 */
public record QcInput(String scanId, boolean male, double age, Map<String, Structure> structures) {
    /** {@code null_reason} of a structure with no voxels. */
    public static final String ABSENT = "absent";
    /** {@code null_reason} of a structure that touches the image border. */
    public static final String INCOMPLETE = "incomplete";

    public QcInput {
        Objects.requireNonNull(scanId, "scanId");
        structures.forEach((name, s) -> {
            if (!name.equals(s.name())) {
                throw new IllegalArgumentException("scan " + scanId + " lists " + s.name() + " under " + name);
            }
        });
        structures = Collections.unmodifiableMap(new TreeMap<>(structures));
    }

    /** A scan from its structure rows (one per name). */
    public static QcInput of(String scanId, boolean male, double age, List<Structure> structures) {
        Map<String, Structure> byName = new TreeMap<>();
        for (Structure s : structures) {
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException("scan " + scanId + " lists " + s.name() + " twice");
            }
        }
        return new QcInput(scanId, male, age, byName);
    }

    /** The named structure, or null when the scan has no row for it. */
    public Structure structure(String name) {
        return structures.get(name);
    }

    /**
     * One structure of the scan.
     *
     * @param name structure name (TotalSegmentator v2)
     * @param volumeMl volume, null when absent or incomplete
     * @param centroidZMm world z of the centroid (RAS: larger is cranial), null when absent
     * @param nullReason {@link #ABSENT}, {@link #INCOMPLETE} or null
     * @param touchesBorder whether the mask touches a face of the image
     */
    public record Structure(String name, Double volumeMl, Double centroidZMm, String nullReason,
                            boolean touchesBorder) {
        public Structure {
            Objects.requireNonNull(name, "name");
            if (nullReason != null && !nullReason.equals(ABSENT) && !nullReason.equals(INCOMPLETE)) {
                throw new IllegalArgumentException(name + ": unknown null_reason " + nullReason);
            }
            if (!ABSENT.equals(nullReason) && centroidZMm == null) {
                throw new IllegalArgumentException(name + ": a present structure needs its centroid");
            }
        }

        /** An absent structure: no voxels. */
        public static Structure absent(String name) {
            return new Structure(name, null, null, ABSENT, false);
        }

        /** Whether the structure has no voxels. */
        public boolean absent() {
            return ABSENT.equals(nullReason);
        }

        /** Whether the whole structure lies inside the image, with a usable volume. */
        public boolean complete() {
            return nullReason == null && !touchesBorder && volumeMl != null;
        }
    }
}
