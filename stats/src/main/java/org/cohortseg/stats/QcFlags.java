package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Quality-control flags per scan and structure over a cohort's measurement table (table
 * {@code qc_flags}): labels out of spinal order ({@link VertebraOrder}), volumes outside their
 * reference chart ({@link VolumeOutsideChart}), left/right ratios that are outliers within the
 * cohort ({@link LeftRightRatio}), and structures absent inside the field of view
 * ({@link AbsentInFieldOfView}). Also what {@code stats --exclude-flagged} drops, and the counts
 * for the report.
 */
public final class QcFlags {

    private QcFlags() {
    }

    /**
     * Settings.
     *
     * @param lowCentile volumes below this centile (0-100) of their chart are flagged
     * @param highCentile volumes above this centile are flagged
     * @param ratioLimitZ robust z of log(left/right) beyond which a pair is flagged
     * @param minScans scans needed for a cohort-wide judgement (a pair's ratios, an order between
     *                 structures, the presence share of a structure per sex)
     * @param presenceShare presence among covering scans above which an absence is flagged
     * @param orderShare share of scans in which one structure must lie above another to bracket it
     */
    public record Config(double lowCentile, double highCentile, double ratioLimitZ, int minScans,
                         double presenceShare, double orderShare) {
        public Config {
            if (!(0 <= lowCentile && lowCentile < highCentile && highCentile <= 100)) {
                throw new IllegalArgumentException("centile limits must satisfy 0 <= low < high <= 100");
            }
            if (!(ratioLimitZ > 0) || minScans < 1) {
                throw new IllegalArgumentException("the ratio limit and the minimum of scans must be positive");
            }
            if (!(presenceShare > 0.5 && presenceShare <= 1 && orderShare > 0.5 && orderShare <= 1)) {
                throw new IllegalArgumentException("shares must lie in (0.5, 1]");
            }
        }

        /** Centiles 0.5-99.5, |robust z| > 4, 20 scans, presence 95 %, order 99 %. */
        public static Config defaults() {
            return new Config(0.5, 99.5, 4, 20, 0.95, 0.99);
        }
    }

    /**
     * Counts for the report.
     *
     * @param perFlag findings per flag (every flag, zeros included, in declaration order)
     * @param perStructure findings per structure (sorted) and flag
     * @param scans scans with at least one finding
     */
    public record Summary(Map<QcFlag, Integer> perFlag, Map<String, Map<QcFlag, Integer>> perStructure, int scans) {
    }

    /** All findings over a cohort with the default settings, sorted by scan id, structure and flag. */
    public static List<QcFinding> run(List<QcInput> cohort, CentileLookup charts) {
        return run(cohort, charts, Config.defaults());
    }

    /** All findings over a cohort, sorted by scan id, structure and flag. */
    public static List<QcFinding> run(List<QcInput> cohort, CentileLookup charts, Config config) {
        List<QcFinding> out = new ArrayList<>();
        for (QcInput scan : cohort) {
            out.addAll(VertebraOrder.find(scan));
            out.addAll(VolumeOutsideChart.find(scan, charts, config.lowCentile(), config.highCentile()));
        }
        StructureGrid grid = new StructureGrid(cohort);
        out.addAll(LeftRightRatio.find(grid, config.ratioLimitZ(), config.minScans()));
        out.addAll(AbsentInFieldOfView.find(grid, config.presenceShare(), config.orderShare(), config.minScans()));
        Collections.sort(out);
        return List.copyOf(out);
    }

    /** Counts per flag and per structure, and the scans flagged. */
    public static Summary summary(List<QcFinding> findings) {
        Map<QcFlag, Integer> perFlag = new EnumMap<>(QcFlag.class);
        for (QcFlag flag : QcFlag.values()) {
            perFlag.put(flag, 0);
        }
        Map<String, Map<QcFlag, Integer>> perStructure = new TreeMap<>();
        Set<String> scans = new TreeSet<>();
        for (QcFinding f : findings) {
            perFlag.merge(f.flag(), 1, Integer::sum);
            perStructure.computeIfAbsent(f.structure(), k -> new EnumMap<>(QcFlag.class))
                    .merge(f.flag(), 1, Integer::sum);
            scans.add(f.scanId());
        }
        perStructure.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        return new Summary(Collections.unmodifiableMap(perFlag), Collections.unmodifiableMap(perStructure),
                scans.size());
    }

    /**
     * What {@code stats --exclude-flagged} drops: per scan id, the structures whose values are
     * excluded (the flagged vertebrae, the structures with a volume outside the chart or an outlying
     * left/right ratio; an absent structure has no value to drop). Sorted by scan id and structure.
     */
    public static Map<String, Set<String>> exclusions(List<QcFinding> findings) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (QcFinding f : findings) {
            if (f.flag().excludesStructure()) {
                out.computeIfAbsent(f.scanId(), k -> new TreeSet<>()).add(f.structure());
            }
        }
        out.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        return Collections.unmodifiableMap(out);
    }
}
