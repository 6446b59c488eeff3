package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * {@link QcFlag#VOLUME_OUTSIDE_CHART}: a usable volume whose centile in the structure's reference
 * chart for the scan's sex and age lies outside the limits (default 0.5-99.5). Under a correct
 * chart that flags 1 % of the volumes of each charted structure by construction. Structures
 * without a chart (the lookup is empty or not a number) are never flagged.
 */
final class VolumeOutsideChart {
    private VolumeOutsideChart() {
    }

    /** The findings of one scan. */
    static List<QcFinding> find(QcInput scan, CentileLookup charts, double lowCentile, double highCentile) {
        List<QcFinding> out = new ArrayList<>();
        for (QcInput.Structure s : scan.structures().values()) {
            if (s.volumeMl() == null) {
                continue;
            }
            OptionalDouble centile = charts.centileOf(s.name(), scan.male(), scan.age(), s.volumeMl());
            if (centile.isPresent() && (centile.getAsDouble() < lowCentile || centile.getAsDouble() > highCentile)) {
                out.add(new QcFinding(scan.scanId(), s.name(), QcFlag.VOLUME_OUTSIDE_CHART, String.format(Locale.ROOT,
                        "volume %.1f ml at centile %.2f of the %s chart at age %.1f (limits %s-%s)", s.volumeMl(),
                        centile.getAsDouble(), Stratum.of(scan.male()).label(), scan.age(), lowCentile, highCentile)));
            }
        }
        return out;
    }
}
