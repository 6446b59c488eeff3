package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * {@link QcFlag#ABSENT_IN_FIELD_OF_VIEW}: a structure marked absent although the field of view
 * contains it. Only structures with a row marked absent are judged; a scan with no row for a
 * structure says nothing about it.
 *
 * <p>(a) A vertebra absent between two present vertebrae of {@link SpineChain}: the spine is
 * continuous, so a gap inside the imaged part is a missed or merged label.
 *
 * <p>(b) Any other structure S, judged by the order of structures along z rather than by world z
 * (which differs between scans with the table position). A bracket above S is a structure whose
 * centroid lies above S's in at least {@code orderShare} (default 99 %) of the scans where both are
 * present (and at least {@code minScans} of them); likewise below. A scan covers S when a bracket
 * above and a bracket below are both complete there: both lie wholly inside the image, so the
 * z-range between their centroids, where S lies, is imaged. S is flagged when absent in a scan that
 * covers it, provided that, among at least {@code minScans} covering scans of the same sex, S is
 * present in at least {@code presenceShare} (default 95 %). Sex matters (the prostate); structures
 * often absent for other reasons (a removed gallbladder, arms outside a narrow in-plane field of
 * view) stay below the presence share and so are not flagged.
 */
final class AbsentInFieldOfView {
    private AbsentInFieldOfView() {
    }

    /** The findings over a cohort. */
    static List<QcFinding> find(StructureGrid grid, double presenceShare, double orderShare, int minScans) {
        List<QcFinding> out = new ArrayList<>();
        grid.scans().forEach(scan -> out.addAll(vertebraGaps(scan)));
        ZOrder order = new ZOrder(grid);
        for (int s = 0; s < grid.names().size(); s++) {
            if (SpineChain.position(grid.names().get(s)) < 0) {
                Brackets brackets = new Brackets(grid, s, order.above(s, orderShare, minScans),
                        order.below(s, orderShare, minScans));
                for (boolean male : new boolean[] {false, true}) {
                    absentWhileCovered(brackets, male, presenceShare, minScans, out);
                }
            }
        }
        return out;
    }

    /** (a) for one scan. */
    private static List<QcFinding> vertebraGaps(QcInput scan) {
        List<QcInput.Structure> chain = SpineChain.of(scan);
        List<QcFinding> out = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            QcInput.Structure s = chain.get(i);
            if (s != null && s.absent()) {
                QcInput.Structure below = nearestPresent(chain, i, -1);
                QcInput.Structure above = nearestPresent(chain, i, +1);
                if (below != null && above != null) {
                    out.add(new QcFinding(scan.scanId(), s.name(), QcFlag.ABSENT_IN_FIELD_OF_VIEW, String.format(
                            Locale.ROOT, "absent between %s (z = %.1f mm) and %s (z = %.1f mm), which are present",
                            below.name(), below.centroidZMm(), above.name(), above.centroidZMm())));
                }
            }
        }
        return out;
    }

    private static QcInput.Structure nearestPresent(List<QcInput.Structure> chain, int from, int step) {
        for (int j = from + step; j >= 0 && j < chain.size(); j += step) {
            if (chain.get(j) != null && !chain.get(j).absent()) {
                return chain.get(j);
            }
        }
        return null;
    }

    /** (b) for one structure among the scans of one sex. */
    private static void absentWhileCovered(Brackets brackets, boolean male, double presenceShare, int minScans,
                                           List<QcFinding> out) {
        StructureGrid grid = brackets.grid();
        List<Integer> covered = IntStream.range(0, grid.scans().size())
                .filter(k -> grid.scans().get(k).male() == male && brackets.covers(k)).boxed().toList();
        long present = covered.stream().filter(k -> grid.present(k, brackets.structure())).count();
        double share = covered.isEmpty() ? 0 : present / (double) covered.size();
        if (covered.size() < minScans || share < presenceShare) {
            return;
        }
        String name = grid.names().get(brackets.structure());
        for (int k : covered) {
            if (!grid.present(k, brackets.structure())) {
                QcInput.Structure above = brackets.nearest(k, brackets.above(), Comparator.naturalOrder());
                QcInput.Structure below = brackets.nearest(k, brackets.below(), Comparator.reverseOrder());
                out.add(new QcFinding(grid.scans().get(k).scanId(), name, QcFlag.ABSENT_IN_FIELD_OF_VIEW,
                        String.format(Locale.ROOT, "absent, yet %s (z = %.1f mm) above and %s (z = %.1f mm) below are "
                                        + "complete; present in %.1f %% of the %d %s scans that image its surroundings",
                                above.name(), above.centroidZMm(), below.name(), below.centroidZMm(), 100 * share,
                                covered.size(), Stratum.of(male).label())));
            }
        }
    }

    /** The structures (grid columns) that reliably lie above and below one structure. */
    private record Brackets(StructureGrid grid, int structure, int[] above, int[] below) {

        /** Whether the scan has a row for the structure and a complete bracket on each side. */
        boolean covers(int scan) {
            return grid.cell(scan, structure) != null && grid.anyComplete(scan, above)
                    && grid.anyComplete(scan, below);
        }

        /** The complete bracket of a side nearest the structure: the lowest above, the highest below. */
        QcInput.Structure nearest(int scan, int[] side, Comparator<Double> nearestFirst) {
            return IntStream.of(side).filter(s -> grid.complete(scan, s)).mapToObj(s -> grid.cell(scan, s))
                    .min(Comparator.comparing(QcInput.Structure::centroidZMm, nearestFirst)).orElseThrow();
        }
    }
}
