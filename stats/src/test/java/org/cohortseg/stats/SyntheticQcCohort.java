package org.cohortseg.stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A cohort drawn from a simple body model, with planted problems, for the quality-control tests.
 *
 * <p>Each structure has a centre and a half extent along the body axis (mm above the centroid of
 * S1); a scan scales the body by its height (sd 5 %), moves it by its table position and jitters
 * each centre (vertebrae sd 2 mm, other structures 8 mm). Its field of view is one of four kinds
 * (whole body; chest, abdomen and pelvis; abdomen and pelvis; chest) with edges jittered by up to
 * 40 mm. A structure wholly inside is complete, one partly inside is incomplete (centroid of the
 * imaged part, no volume), one outside is absent. Log volumes are normal around a sex- and
 * age-dependent mean (sd 0.139); the two sides of a pair share a subject effect (sd 0.12) and
 * differ by their own (sd 0.07 each). The gallbladder is removed in 10 % of subjects and the
 * prostate exists in men only: neither is a problem.
 */
final class SyntheticQcCohort {
    /** Structures with reference charts (the truth of the simulation). */
    static final Set<String> CHARTED = Set.of("liver", "spleen", "kidney_left", "kidney_right");
    private static final NormalDistribution NORMAL = new NormalDistribution();
    private static final double PAIR_SHARED_SD = 0.12;
    private static final double PAIR_OWN_SD = 0.07;
    /** Standard deviation of every log volume. */
    private static final double SD_LOG = Math.hypot(PAIR_SHARED_SD, PAIR_OWN_SD);
    private static final double[][] FIELDS = {{-450, 680}, {-250, 560}, {-300, 300}, {130, 650}};

    /** One structure of the body model; log volume = logMl (women: - 0.15) - 0.003 (age - 50) + noise. */
    private record Part(String name, double centre, double halfExtent, double logMl, double jitter) {
    }

    /** A planted problem: the structures that must be flagged with that flag. */
    record Plant(String scanId, List<String> structures, QcFlag flag) {
    }

    private final List<Part> parts = bodyModel();
    private final List<QcInput> scans = new ArrayList<>();
    private final List<Plant> plants = new ArrayList<>();

    /** Draws {@code n} scans with the given seed, without plants. */
    SyntheticQcCohort(int n, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            scans.add(draw(String.format(Locale.ROOT, "scan%04d", i), random));
        }
    }

    List<QcInput> scans() {
        return List.copyOf(scans);
    }

    List<Plant> plants() {
        return List.copyOf(plants);
    }

    /** Planted (scan, structure) pairs, as "scan/structure". */
    Set<String> plantedPairs() {
        Set<String> out = new HashSet<>();
        plants.forEach(p -> p.structures().forEach(s -> out.add(p.scanId() + "/" + s)));
        return out;
    }

    /** The true charts of the simulation, for {@link #CHARTED} structures. */
    CentileLookup charts() {
        return (structure, male, age, volumeMl) -> {
            if (!CHARTED.contains(structure)) {
                return OptionalDouble.empty();
            }
            double z = (Math.log(volumeMl) - mean(part(structure), male, age)) / SD_LOG;
            return OptionalDouble.of(100 * NORMAL.cumulativeProbability(z));
        };
    }

    /** Swaps every measure of two vertebrae (a label swap) in {@code count} scans where both are present. */
    void plantSwaps(int count, String a, String b) {
        plant(count, s -> present(s, a) && present(s, b), QcFlag.VERTEBRA_ORDER, List.of(a, b), scan -> {
            QcInput.Structure sa = scan.structure(a);
            QcInput.Structure sb = scan.structure(b);
            return replace(scan, rename(sb, a), rename(sa, b));
        });
    }

    /** Multiplies a structure's volume by {@code factor} in {@code count} scans where it is complete. */
    void plantVolumes(int count, String structure, double factor) {
        plant(count, s -> complete(s, structure), QcFlag.VOLUME_OUTSIDE_CHART, List.of(structure),
                scan -> replace(scan, scaled(scan.structure(structure), factor)));
    }

    /** Multiplies the left side's volume by {@code factor} in {@code count} scans where both sides are complete. */
    void plantRatios(int count, String left, String right, double factor) {
        plant(count, s -> complete(s, left) && complete(s, right), QcFlag.LEFT_RIGHT_RATIO, List.of(left, right),
                scan -> replace(scan, scaled(scan.structure(left), factor)));
    }

    /**
     * Removes a structure from {@code count} scans where it is complete and so are the structures
     * {@code around} it (its whole neighbourhood is imaged).
     */
    void plantMisses(int count, String structure, List<String> around) {
        plant(count, s -> complete(s, structure) && around.stream().allMatch(o -> complete(s, o)),
                QcFlag.ABSENT_IN_FIELD_OF_VIEW, List.of(structure),
                scan -> replace(scan, QcInput.Structure.absent(structure)));
    }

    private void plant(int count, Predicate<QcInput> eligible, QcFlag flag, List<String> structures,
                       UnaryOperator<QcInput> change) {
        Set<String> used = new HashSet<>();
        plants.forEach(p -> used.add(p.scanId()));
        int[] candidates = IntStream.range(0, scans.size())
                .filter(i -> !used.contains(scans.get(i).scanId()) && eligible.test(scans.get(i))).toArray();
        if (candidates.length < count) {
            throw new IllegalStateException("too few scans to plant " + flag + " in " + structures);
        }
        int stride = candidates.length / count;
        for (int k = 0; k < count; k++) {
            int i = candidates[k * stride];
            scans.set(i, change.apply(scans.get(i)));
            plants.add(new Plant(scans.get(i).scanId(), structures, flag));
        }
    }

    private QcInput draw(String scanId, Random random) {
        boolean male = random.nextBoolean();
        double age = 20 + 70 * random.nextDouble();
        double height = 1 + 0.05 * random.nextGaussian();
        double table = -800 + 1000 * random.nextDouble();
        double[] field = FIELDS[random.nextInt(FIELDS.length)];
        double low = field[0] + 40 * (2 * random.nextDouble() - 1);
        double high = field[1] + 40 * (2 * random.nextDouble() - 1);
        boolean gallbladderRemoved = random.nextDouble() < 0.10;
        List<QcInput.Structure> out = new ArrayList<>();
        double shared = 0;
        for (Part p : parts) {
            if (!p.name().endsWith("_right")) {
                shared = PAIR_SHARED_SD * random.nextGaussian();
            }
            double logVolume = mean(p, male, age) + shared + PAIR_OWN_SD * random.nextGaussian();
            double centre = p.centre() + p.jitter() * random.nextGaussian();
            boolean exists = !(p.name().equals("prostate") && !male) && !(p.name().equals("gallbladder")
                    && gallbladderRemoved);
            double bottom = Math.max(low, centre - p.halfExtent());
            double top = Math.min(high, centre + p.halfExtent());
            if (!exists || bottom >= top) {
                out.add(QcInput.Structure.absent(p.name()));
            } else if (bottom > centre - p.halfExtent() || top < centre + p.halfExtent()) {
                out.add(new QcInput.Structure(p.name(), null, table + height * (bottom + top) / 2,
                        QcInput.INCOMPLETE, true));
            } else {
                out.add(new QcInput.Structure(p.name(), Math.exp(logVolume), table + height * centre, null, false));
            }
        }
        return QcInput.of(scanId, male, age, out);
    }

    private static double mean(Part p, boolean male, double age) {
        return p.logMl() - (male ? 0 : 0.15) - 0.003 * (age - 50);
    }

    private Part part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<Part> bodyModel() {
        List<Part> parts = new ArrayList<>();
        List<String> chain = SpineChain.CAUDAL_TO_CRANIAL;
        for (int i = 0; i < chain.size(); i++) {
            // S1 and L5-L1 35 mm apart, T12-T1 25 mm, C7-C1 17 mm
            double centre = i <= 5 ? 35 * i : i <= 17 ? 175 + 28 + 25 * (i - 6) : 478 + 20 + 17 * (i - 18);
            double half = i <= 5 ? 15 : i <= 17 ? 11 : 8;
            double ml = i <= 5 ? 40 : i <= 17 ? 25 : 8;
            parts.add(new Part(chain.get(i), centre, half, Math.log(ml), 2));
        }
        organ(parts, "sacrum", -45, 40, 250);
        pair(parts, "hip", -80, 90, 300);
        pair(parts, "femur", -250, 150, 500);
        organ(parts, "urinary_bladder", -110, 35, 250);
        organ(parts, "prostate", -150, 18, 30);
        pair(parts, "iliopsoas", -20, 110, 250);
        pair(parts, "autochthon", 250, 300, 600);
        pair(parts, "kidney", 160, 55, 170);
        organ(parts, "liver", 235, 80, 1500);
        organ(parts, "spleen", 225, 55, 200);
        organ(parts, "gallbladder", 180, 40, 40);
        organ(parts, "heart", 400, 60, 600);
        return List.copyOf(parts);
    }

    private static void organ(List<Part> parts, String name, double centre, double half, double ml) {
        parts.add(new Part(name, centre, half, Math.log(ml), 8));
    }

    private static void pair(List<Part> parts, String name, double centre, double half, double ml) {
        organ(parts, name + "_left", centre, half, ml);
        organ(parts, name + "_right", centre, half, ml);
    }

    private static boolean present(QcInput scan, String structure) {
        return !scan.structure(structure).absent();
    }

    private static boolean complete(QcInput scan, String structure) {
        return scan.structure(structure).complete();
    }

    private static QcInput.Structure rename(QcInput.Structure s, String name) {
        return new QcInput.Structure(name, s.volumeMl(), s.centroidZMm(), s.nullReason(), s.touchesBorder());
    }

    private static QcInput.Structure scaled(QcInput.Structure s, double factor) {
        return new QcInput.Structure(s.name(), s.volumeMl() * factor, s.centroidZMm(), null, false);
    }

    private static QcInput replace(QcInput scan, QcInput.Structure... changed) {
        Map<String, QcInput.Structure> structures = new TreeMap<>(scan.structures());
        for (QcInput.Structure s : changed) {
            structures.put(s.name(), s);
        }
        return new QcInput(scan.scanId(), scan.male(), scan.age(), structures);
    }
}
