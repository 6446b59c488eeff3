package org.cohortseg.phantom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cohortseg.phantom.StructureTemplate.Kind;
import org.cohortseg.stats.Measure;

/**
 * The phantom population: the labelled structures (TotalSegmentator v2 names and ids), their
 * nominal anatomy, the generating function of every structure's volume and mean HU, and the
 * unlabelled tissues around them.
 *
 * <p>Effect sizes are chosen so that at n = 4004 the Spearman rs with age come out near the
 * aging study's: aorta volume about +0.64, kidney volume about -0.49, iliopsoas volume about
 * -0.58, autochthon attenuation about -0.74, L4 attenuation about -0.55, hip attenuation about
 * -0.61. The liver volume rises to a peak at 55 years and falls after it (non-linear), and every
 * structure not named here has no age effect (a NULL structure).
 */
public final class PhantomModel {
    /** Fraction of men, as in the aging study (2543 of 4004). */
    public static final double MALE_FRACTION = 0.635;
    /** Youngest and oldest age (years, integer, uniform). */
    public static final int MIN_AGE = 18;
    public static final int MAX_AGE = 100;
    /** Scanners with their HU calibration offsets: a covariate independent of age. */
    public static final Map<String, Double> SCANNER_HU_OFFSET = scanners();
    /** Probability of each scanner, in {@link #SCANNER_HU_OFFSET} order. */
    public static final double[] SCANNER_PROBABILITY = {0.5, 0.3, 0.2};

    /** Unlabelled tissues (HU). */
    public static final double AIR_HU = -1000;
    public static final double FAT_HU = -100;
    public static final double MUSCLE_WALL_HU = 45;
    public static final double CAVITY_HU = -40;
    public static final double LUNG_HU = -850;
    public static final double DISC_HU = 80;
    /** Standard deviation of the per-voxel noise (HU). */
    public static final double NOISE_HU = 14;
    /** Nominal body cross-section semi-axes (mm) and wall thickness. */
    public static final double BODY_A = 165;
    public static final double BODY_B = 122;
    public static final double MUSCLE_WALL_MM = 10;

    private final List<StructureTemplate> structures = new ArrayList<>();
    private final List<Effect> effects = new ArrayList<>();

    private PhantomModel() {
    }

    /** The standard phantom population. */
    public static PhantomModel standard() {
        PhantomModel m = new PhantomModel();
        AgeFunction none = new AgeFunction.None();
        m.ellipsoid(1, "spleen", -80, 10, 140, 28, 38, 42);
        m.volume("spleen", 190, 30, none, 40).hu("spleen", 115, 0, none, 12);
        m.ellipsoid(2, "kidney_right", 88, -55, 52, 27, 25, 55);
        m.ellipsoid(3, "kidney_left", -88, -55, 60, 27, 25, 55);
        for (String kidney : List.of("kidney_right", "kidney_left")) {
            m.volume(kidney, 160, 18, new AgeFunction.Linear(-0.75), 31).hu(kidney, 170, 0, none, 18);
        }
        m.ellipsoid(5, "liver", 65, 35, 125, 68, 58, 60);
        m.volume("liver", 1150, 140, new AgeFunction.Peak(180, 55, 45), 110).hu("liver", 100, 0, none, 12);
        m.ellipsoid(21, "urinary_bladder", 0, 38, -140, 38, 32, 28);
        m.volume("urinary_bladder", 150, 0, none, 45).hu("urinary_bladder", 10, 0, none, 4);
        String[] lumbar = {"vertebrae_L5", "vertebrae_L4", "vertebrae_L3", "vertebrae_L2", "vertebrae_L1"};
        for (int v = 0; v < lumbar.length; v++) {
            double z0 = -80 + 34 * v;
            m.add(new StructureTemplate(27 + v, lumbar[v], Kind.VERTEBRA, new double[] {0, -62, 0},
                    new double[] {21, 16, z0, z0 + 26}));
            m.volume(lumbar[v], 32, 4, none, 2.5);
            m.effects.add(new Effect(lumbar[v], Measure.MEAN_HU, 260, 10, new AgeFunction.Linear(-1.5), 15, "lumbar_spine",
                    52.5));
        }
        m.add(new StructureTemplate(52, "aorta", Kind.TUBE, new double[] {-15, -20, 0}, new double[] {13, 13, -45, 70}));
        m.volume("aorta", 60, 5, new AgeFunction.Linear(0.48), 13.6).hu("aorta", 200, 0, none, 25);
        m.add(new StructureTemplate(63, "inferior_vena_cava", Kind.TUBE, new double[] {25, -20, 0},
                new double[] {12, 12, -45, 55}));
        m.volume("inferior_vena_cava", 45, 5, none, 8).hu("inferior_vena_cava", 140, 0, none, 20);
        m.ellipsoid(77, "hip_left", -104, -40, -125, 16, 48, 48);
        m.ellipsoid(78, "hip_right", 104, -40, -125, 16, 48, 48);
        m.ellipsoid(86, "autochthon_left", -33, -92, -10, 17, 14, 110);
        m.ellipsoid(87, "autochthon_right", 33, -92, -10, 17, 14, 110);
        m.ellipsoid(88, "iliopsoas_left", -50, -55, -70, 17, 17, 70);
        m.ellipsoid(89, "iliopsoas_right", 50, -55, -70, 17, 17, 70);
        for (String side : List.of("left", "right")) {
            m.volume("hip_" + side, 155, 25, none, 15);
            m.effects.add(new Effect("hip_" + side, Measure.MEAN_HU, 320, 15, new AgeFunction.Linear(-1.6), 50, null, 0));
            m.volume("autochthon_" + side, 110, 20, none, 15);
            m.effects.add(new Effect("autochthon_" + side, Measure.MEAN_HU, 55, 3, new AgeFunction.Linear(-0.45), 4,
                    "back_muscle", 9.2));
            m.volume("iliopsoas_" + side, 85, 21, new AgeFunction.Linear(-0.53), 13.8)
                    .hu("iliopsoas_" + side, 55, 3, none, 6);
        }
        m.structures.sort(java.util.Comparator.comparingInt(StructureTemplate::labelId));
        return m;
    }

    private void ellipsoid(int id, String name, double cx, double cy, double cz, double a, double b, double c) {
        add(new StructureTemplate(id, name, Kind.ELLIPSOID, new double[] {cx, cy, cz}, new double[] {a, b, c}));
    }

    private void add(StructureTemplate t) {
        structures.add(t);
    }

    private PhantomModel volume(String structure, double intercept, double male, AgeFunction age, double sd) {
        effects.add(new Effect(structure, Measure.VOLUME_ML, intercept, male, age, sd, null, 0));
        return this;
    }

    private PhantomModel hu(String structure, double intercept, double male, AgeFunction age, double sd) {
        effects.add(new Effect(structure, Measure.MEAN_HU, intercept, male, age, sd, null, 0));
        return this;
    }

    private static Map<String, Double> scanners() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("A", 0.0);
        m.put("B", 8.0);
        m.put("C", -5.0);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Labelled structures in label-id order. */
    public List<StructureTemplate> structures() {
        return List.copyOf(structures);
    }

    /** Generating functions, in sampling order. */
    public List<Effect> effects() {
        return List.copyOf(effects);
    }

    /** The effect of {@code structure}'s {@code measure}. */
    public Effect effect(String structure, Measure measure) {
        return effects.stream().filter(e -> e.structure().equals(structure) && e.measure() == measure)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no effect " + structure + "/" + measure.column()));
    }

    /** Label id to name, in id order: the phantom's label map. */
    public Map<Integer, String> labelMap() {
        Map<Integer, String> m = new LinkedHashMap<>();
        structures.forEach(s -> m.put(s.labelId(), s.name()));
        return m;
    }
}
