package org.cohortseg.phantom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.cohortseg.measure.StructureCategory;
import org.cohortseg.phantom.StructureTemplate.Kind;
import org.cohortseg.stats.Measure;

/**
 * The phantom population: the labelled structures (TotalSegmentator v2 names and ids), their
 * nominal anatomy, the generating function of every structure's volume and mean HU, the
 * unlabelled tissues around them, and the design of the cohort (scanners, contrast, body size,
 * repeat scans, accelerated aging, labelling errors).
 *
 * <p>Effect sizes are chosen so that at n = 4004 the Spearman rs with age come out near the
 * aging study's: aorta volume about +0.64, kidney volume about -0.49, iliopsoas volume about
 * -0.58, autochthon attenuation about -0.74, L4 attenuation about -0.55, hip attenuation about
 * -0.61 (in the paper population; the standard population's extras weaken them by up to 0.04).
 * The liver volume rises to a peak at 55 years and falls after it (non-linear), and every
 * structure not named here has no age effect (a NULL structure).
 *
 * <p>Two populations share anatomy and age curves. {@link #paper()} is the aging paper's
 * cross-sectional design, on which the phantom segmentation model was trained: one native scan
 * per subject, scanners that shift HU only, normal noise, no height scaling. {@link #standard()}
 * adds what statistics beyond the paper need, each with known planted values: scanners that also
 * scale the HU noise, contrast-enhanced scans, skewed volumes, allometric height scaling, repeat
 * scans with within-person slopes that differ from the cross-sectional ones, a subgroup with
 * accelerated muscle aging, and swapped vertebra labels in a few ground-truth label images.
 */
public final class PhantomModel {
    /** Fraction of men, as in the aging study (2543 of 4004). */
    public static final double MALE_FRACTION = 0.635;
    /** Youngest and oldest baseline age (years, integer, uniform). */
    public static final int MIN_AGE = 18;
    public static final int MAX_AGE = 100;

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

    private final String name;
    private final List<StructureTemplate> structures = new ArrayList<>();
    private final List<Effect> effects = new ArrayList<>();
    private List<Scanner> scanners = List.of(new Scanner("A", 0.5, 0, 1), new Scanner("B", 0.3, 8, 1),
            new Scanner("C", 0.2, -5, 1));
    private Contrast contrast = Contrast.none();
    private Visits visits = Visits.SINGLE;
    private Acceleration acceleration = new Acceleration(StructureCategory.MUSCLE, 0, 0);
    private LabelSwaps swaps = LabelSwaps.NONE;

    private PhantomModel(String name) {
        this.name = name;
    }

    /** The population with everything the statistics beyond the paper need (see the class comment). */
    public static PhantomModel standard() {
        return crossSectional("standard").beyondPaper();
    }

    /** The aging paper's cross-sectional population, on which the phantom segmentation model was trained. */
    public static PhantomModel paper() {
        return crossSectional("paper");
    }

    private static PhantomModel crossSectional(String name) {
        PhantomModel m = new PhantomModel(name);
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
            m.effects.add(Effect.of(lumbar[v], Measure.MEAN_HU, 260, 10, new AgeFunction.Linear(-1.5), 15,
                    "lumbar_spine", 52.5));
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
            m.effects.add(Effect.of("hip_" + side, Measure.MEAN_HU, 320, 15, new AgeFunction.Linear(-1.6), 50,
                    null, 0));
            m.volume("autochthon_" + side, 110, 20, none, 15);
            m.effects.add(Effect.of("autochthon_" + side, Measure.MEAN_HU, 55, 3, new AgeFunction.Linear(-0.45), 4,
                    "back_muscle", 9.2));
            m.volume("iliopsoas_" + side, 85, 21, new AgeFunction.Linear(-0.53), 13.8)
                    .hu("iliopsoas_" + side, 55, 3, none, 6);
        }
        m.structures.sort(java.util.Comparator.comparingInt(StructureTemplate::labelId));
        return m;
    }

    /**
     * The planted extras of {@link #standard()}: scanner noise scales, contrast, skewed and
     * height-scaled volumes, repeat scans with their own within-person slopes (aorta volume +0.8
     * ml/yr against +0.48 across subjects, autochthon HU -0.3 HU/yr against -0.45), accelerated
     * muscles (10 % of subjects, +10 years) and swapped vertebra labels (0.5 % of scans).
     */
    private PhantomModel beyondPaper() {
        scanners = List.of(new Scanner("A", 0.5, 0, 1.0), new Scanner("B", 0.3, 8, 1.2),
                new Scanner("C", 0.2, -5, 0.7));
        contrast = new Contrast(0.4, Map.of(
                "aorta", new Contrast.Enhancement(150, 1.05),
                "inferior_vena_cava", new Contrast.Enhancement(150, 1.05),
                "kidney_left", new Contrast.Enhancement(100, 1.05),
                "kidney_right", new Contrast.Enhancement(100, 1.05),
                "liver", new Contrast.Enhancement(40, 1.0)));
        modify("urinary_bladder", Measure.VOLUME_ML, e -> e.withLaw(new NoiseLaw.SinhArcsinh(0.8, 1.0)));
        modify("spleen", Measure.VOLUME_ML,
                e -> e.withLaw(new NoiseLaw.SinhArcsinh(0.4, 0.85)).withHeightExponent(1.0));
        modify("liver", Measure.VOLUME_ML, e -> e.withHeightExponent(1.5));
        modify("kidney_left", Measure.VOLUME_ML, e -> e.withHeightExponent(1.2));
        modify("kidney_right", Measure.VOLUME_ML, e -> e.withHeightExponent(1.2));
        modify("aorta", Measure.VOLUME_ML, e -> e.withLongitudinal(new Longitudinal(0.8, 0.25)));
        modify("autochthon_left", Measure.MEAN_HU, e -> e.withLongitudinal(new Longitudinal(-0.3, 0.15)));
        modify("autochthon_right", Measure.MEAN_HU, e -> e.withLongitudinal(new Longitudinal(-0.3, 0.15)));
        visits = Visits.STANDARD;
        acceleration = new Acceleration(StructureCategory.MUSCLE, 0.1, 10);
        swaps = LabelSwaps.STANDARD;
        return this;
    }

    private void modify(String structure, Measure measure, UnaryOperator<Effect> change) {
        effects.replaceAll(e -> e.structure().equals(structure) && e.measure() == measure ? change.apply(e) : e);
    }

    private void ellipsoid(int id, String name, double cx, double cy, double cz, double a, double b, double c) {
        add(new StructureTemplate(id, name, Kind.ELLIPSOID, new double[] {cx, cy, cz}, new double[] {a, b, c}));
    }

    private void add(StructureTemplate t) {
        structures.add(t);
    }

    private PhantomModel volume(String structure, double intercept, double male, AgeFunction age, double sd) {
        effects.add(Effect.of(structure, Measure.VOLUME_ML, intercept, male, age, sd, null, 0));
        return this;
    }

    private PhantomModel hu(String structure, double intercept, double male, AgeFunction age, double sd) {
        effects.add(Effect.of(structure, Measure.MEAN_HU, intercept, male, age, sd, null, 0));
        return this;
    }

    /** "standard" or "paper". */
    public String name() {
        return name;
    }

    /** The scanners, with their shares of scans. */
    public List<Scanner> scanners() {
        return scanners;
    }

    /** The scanner called {@code name}. */
    public Scanner scanner(String scannerName) {
        return scanners.stream().filter(s -> s.name().equals(scannerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scanner " + scannerName));
    }

    /** The scanner a uniform draw {@code u} picks, by the scanners' shares. */
    public Scanner scannerAt(double u) {
        double cumulative = 0;
        for (Scanner s : scanners) {
            cumulative += s.probability();
            if (u < cumulative) {
                return s;
            }
        }
        return scanners.get(scanners.size() - 1);
    }

    /** Contrast enhancement. */
    public Contrast contrast() {
        return contrast;
    }

    /** Heights, weights and the allometric reference. */
    public BodySize bodySize() {
        return BodySize.STANDARD;
    }

    /** Repeat scans and the split of the noise into persistent and visit parts. */
    public Visits visits() {
        return visits;
    }

    /** The accelerated-aging subgroup. */
    public Acceleration acceleration() {
        return acceleration;
    }

    /** The planted labelling errors. */
    public LabelSwaps swaps() {
        return swaps;
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
