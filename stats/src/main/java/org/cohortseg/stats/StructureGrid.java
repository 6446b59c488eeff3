package org.cohortseg.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A cohort as a grid of scans by structures (all names, sorted), so that cohort-wide rules look
 * cells up by index: whether the scan has a row for the structure, whether it is present and
 * whether complete, and its centroid z.
 */
final class StructureGrid {
    private final List<QcInput> scans;
    private final List<String> names;
    private final Map<String, Integer> index = new HashMap<>();
    private final QcInput.Structure[][] cells;

    StructureGrid(List<QcInput> scans) {
        this.scans = List.copyOf(scans);
        TreeSet<String> all = new TreeSet<>();
        scans.forEach(scan -> all.addAll(scan.structures().keySet()));
        names = List.copyOf(all);
        for (int j = 0; j < names.size(); j++) {
            index.put(names.get(j), j);
        }
        cells = new QcInput.Structure[scans.size()][names.size()];
        for (int i = 0; i < scans.size(); i++) {
            for (QcInput.Structure s : scans.get(i).structures().values()) {
                cells[i][index.get(s.name())] = s;
            }
        }
    }

    List<QcInput> scans() {
        return scans;
    }

    List<String> names() {
        return names;
    }

    /** The structure's column. */
    int column(String name) {
        return index.get(name);
    }

    /** The cell, or null when the scan has no row for the structure. */
    QcInput.Structure cell(int scan, int structure) {
        return cells[scan][structure];
    }

    /** Whether the scan has the structure present (complete or not). */
    boolean present(int scan, int structure) {
        return cells[scan][structure] != null && !cells[scan][structure].absent();
    }

    /** Whether the scan has the structure complete. */
    boolean complete(int scan, int structure) {
        return cells[scan][structure] != null && cells[scan][structure].complete();
    }

    /** Whether the scan has any of the structures complete. */
    boolean anyComplete(int scan, int[] structures) {
        for (int s : structures) {
            if (complete(scan, s)) {
                return true;
            }
        }
        return false;
    }
}
