package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The adjusted associations of every structure x measure over all subjects ({@link AdjustedAssociations}):
 * partial Spearman given sex and the covariates, the age x sex interaction, the allometric exponent of
 * volumes when the scans carry a body height, and the bootstrap interval of rs.
 */
public final class AdjustedStudy {
    private AdjustedStudy() {
    }

    /**
     * Settings.
     *
     * @param covariates categorical covariates adjusted for (e.g. scanner, contrast)
     * @param heightCovariate the scan covariate holding body height (e.g. height_cm), or null
     * @param bootstrap resampling of rs, or null for none
     */
    public record Config(List<String> covariates, String heightCovariate, SpearmanBootstrap.Settings bootstrap) {
        public Config {
            covariates = List.copyOf(covariates);
        }
    }

    /** One structure x measure. */
    public record Row(String structure, Measure measure, AdjustedAssociation association) {
    }

    /** Runs every structure x measure of one-scan-per-subject observations. */
    public static List<Row> run(List<StructureObservation> observations, Config config) {
        Map<String, List<StructureObservation>> byStructure = StructureObservation.byStructure(observations);
        List<Row> rows = new ArrayList<>();
        byStructure.forEach((structure, list) -> {
            for (Measure measure : Measure.values()) {
                List<StructureObservation> kept = list.stream().filter(o -> o.value(measure) != null).toList();
                Series s = Series.of(structure, measure, Stratum.ALL, kept, config.covariates());
                double[] height = measure == Measure.VOLUME_ML ? heights(kept, config.heightCovariate()) : null;
                rows.add(new Row(structure, measure, AdjustedAssociations.of(s, Covariates.none(), height,
                        config.bootstrap())));
            }
        });
        return rows;
    }

    /** Every observation's height, or null when a scan lacks one (no allometry then). */
    private static double[] heights(List<StructureObservation> kept, String covariate) {
        if (covariate == null || kept.isEmpty()) {
            return null;
        }
        double[] height = new double[kept.size()];
        for (int i = 0; i < height.length; i++) {
            Double h = kept.get(i).scan().number(covariate);
            if (h == null || h <= 0) {
                return null;
            }
            height[i] = h;
        }
        return height;
    }
}
