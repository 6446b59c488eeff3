package org.cohortseg.phantom;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One phantom subject: demographics, the sampled value of every generating function, and the
 * random placement of its anatomy. Everything is drawn from one random stream in a fixed order,
 * so a (seed, index) pair always gives the same subject.
 *
 * @param subjectId subject identifier
 * @param age years
 * @param male sex
 * @param scanner scanner name (a key of {@link PhantomModel#SCANNER_HU_OFFSET})
 * @param volumeMl planted volume per structure (ml)
 * @param plantedHu planted mean HU per structure, before the scanner offset
 * @param bodyScale scale of the body cross-section
 * @param fatMm subcutaneous fat thickness (mm)
 * @param placement per structure: shift x, y, z (mm) and ellipsoid aspect changes ex, ey
 */
public record Subject(String subjectId, int age, boolean male, String scanner, Map<String, Double> volumeMl,
                      Map<String, Double> plantedHu, double bodyScale, double fatMm,
                      Map<String, double[]> placement) {
    private static final double SHIFT_MM = 3;
    private static final double ASPECT = 0.06;

    /** Samples subject {@code subjectId} of {@code model} from {@code rng}. */
    public static Subject sample(PhantomModel model, String subjectId, SplittableRandom rng) {
        int age = PhantomModel.MIN_AGE + rng.nextInt(PhantomModel.MAX_AGE - PhantomModel.MIN_AGE + 1);
        boolean male = rng.nextDouble() < PhantomModel.MALE_FRACTION;
        String scanner = pick(rng.nextDouble());
        Map<String, Double> groupZ = new HashMap<>();
        Map<String, Double> volumes = new LinkedHashMap<>();
        Map<String, Double> hus = new LinkedHashMap<>();
        for (Effect e : model.effects()) {
            double own = rng.nextGaussian();
            double group = e.noiseGroup() == null ? 0 : groupZ.computeIfAbsent(e.noiseGroup(), g -> rng.nextGaussian());
            Map<String, Double> planted = switch (e.measure()) {
                case VOLUME_ML -> volumes;
                case MEAN_HU -> hus;
            };
            planted.put(e.structure(), e.sample(age, male, own, group));
        }
        double bodyScale = (male ? 1.02 : 0.96) * (1 + 0.02 * rng.nextGaussian());
        double fat = 10 + 20 * rng.nextDouble();
        Map<String, double[]> placement = new LinkedHashMap<>();
        for (StructureTemplate t : model.structures()) {
            placement.put(t.name(), new double[] {uniform(rng, SHIFT_MM), uniform(rng, SHIFT_MM),
                uniform(rng, SHIFT_MM), uniform(rng, ASPECT), uniform(rng, ASPECT)});
        }
        return new Subject(subjectId, age, male, scanner, volumes, hus, bodyScale, fat, placement);
    }

    private static double uniform(SplittableRandom rng, double halfWidth) {
        return (2 * rng.nextDouble() - 1) * halfWidth;
    }

    private static String pick(double u) {
        List<String> names = List.copyOf(PhantomModel.SCANNER_HU_OFFSET.keySet());
        double cumulative = 0;
        for (int i = 0; i < names.size(); i++) {
            cumulative += PhantomModel.SCANNER_PROBABILITY[i];
            if (u < cumulative) {
                return names.get(i);
            }
        }
        return names.get(names.size() - 1);
    }

    /** "M" or "F". */
    public String sex() {
        return male ? "M" : "F";
    }

    /** The mean HU a structure is rendered with: planted value plus the scanner's offset. */
    public double renderedHu(String structure) {
        return plantedHu.get(structure) + PhantomModel.SCANNER_HU_OFFSET.get(scanner);
    }

    /** The structures placed in world space, in label-id order. */
    public List<PlacedStructure> anatomy(PhantomModel model) {
        return model.structures().stream().map(t -> {
            double[] p = placement.get(t.name());
            // The lumbar spine moves as one column.
            double[] shift = t.kind() == StructureTemplate.Kind.VERTEBRA ? placement.get("vertebrae_L3") : p;
            Solid solid = t.place(volumeMl.get(t.name()), shift[0], shift[1], shift[2], p[3], p[4]);
            return new PlacedStructure(t.labelId(), t.name(), solid, renderedHu(t.name()));
        }).toList();
    }

    /**
     * Unlabelled tissue drawn before the labelled structures: the lung bases (air) and the
     * intervertebral discs between the lumbar vertebrae.
     */
    public List<PlacedStructure> unlabelled(PhantomModel model) {
        java.util.ArrayList<PlacedStructure> out = new java.util.ArrayList<>();
        for (double side : new double[] {-1, 1}) {
            out.add(new PlacedStructure(0, "lung", new Solid.Ellipsoid(80 * side, -10, 230, 65, 80, 70), PhantomModel.LUNG_HU));
        }
        List<Solid.Cylinder> bodies = anatomy(model).stream()
                .filter(p -> p.solid() instanceof Solid.Vertebra)
                .map(p -> ((Solid.Vertebra) p.solid()).body()).toList();
        for (int v = 0; v + 1 < bodies.size(); v++) {
            Solid.Cylinder below = bodies.get(v);
            Solid.Cylinder above = bodies.get(v + 1);
            out.add(new PlacedStructure(0, "disc", new Solid.Cylinder(below.cx(), below.cy(), below.a(), below.b(),
                    below.z1(), above.z0()), PhantomModel.DISC_HU));
        }
        return out;
    }

    /** A labelled structure of one subject. */
    public record PlacedStructure(int labelId, String name, Solid solid, double hu) {
    }
}
