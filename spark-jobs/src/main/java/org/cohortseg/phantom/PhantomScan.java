package org.cohortseg.phantom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cohortseg.stats.Measure;

/**
 * One scan of a phantom subject: its visit, scanner, contrast and the planted value of every
 * measure at that visit. The per-scan draws (scanner of a repeat visit, contrast, the visit part of
 * the noise) come from the visit's own random stream.
 *
 * <p>For an effect {@code e} at a visit {@code years} after the first scan:
 * {@code center = e.center(baselineAge + gap, male, years, subject slope)} (gap: the accelerated
 * subgroup's years), {@code noise = sqrt(rho) * persistent + sqrt(1 - rho) * visit} and
 * {@code deviation = e.deviation(noise)}. A volume is
 * {@code clamp(center + deviation) * heightFactor * contrastFactor}; a mean HU is
 * {@code center + deviation} as planted (scanner A, native) and
 * {@code center + scale * deviation + offset + contrastHu} as rendered on the scan's scanner.
 *
 * @param scanId scan identifier ({@code subjectId_ctN})
 * @param subject the subject
 * @param visit visit number, from 1
 * @param years years since the subject's first scan
 * @param scanner scanner name
 * @param contrast whether the scan is contrast-enhanced
 * @param nativeVolumeMl per structure: the volume without contrast (ml)
 * @param volumeMl per structure: the volume as rendered, contrast included (ml)
 * @param plantedHu per structure: mean HU on scanner A without contrast
 * @param renderedHu per structure: mean HU as rendered (scanner offset and scale, contrast)
 * @param swap swapped vertebra labels in this scan's label image, or null
 */
public record PhantomScan(String scanId, Subject subject, int visit, double years, String scanner, boolean contrast,
                          Map<String, Double> nativeVolumeMl, Map<String, Double> volumeMl,
                          Map<String, Double> plantedHu, Map<String, Double> renderedHu, LabelSwaps.Swap swap) {

    /** Samples visit {@code visit} (from 1) of {@code subject}, with the visit's draws from {@code rng}. */
    public static PhantomScan sample(PhantomModel model, Subject subject, int visit, LabelSwaps.Swap swap,
                                     SplittableRandom rng) {
        double scannerDraw = rng.nextDouble();
        Scanner scanner = visit == 1 ? model.scanner(subject.scanner()) : model.scannerAt(scannerDraw);
        boolean contrast = rng.nextDouble() < model.contrast().share();
        double years = subject.visitYears()[visit - 1];
        double rho = model.visits().persistentShare();
        Map<String, Double> nativeVolume = new LinkedHashMap<>();
        Map<String, Double> volume = new LinkedHashMap<>();
        Map<String, Double> planted = new LinkedHashMap<>();
        Map<String, Double> rendered = new LinkedHashMap<>();
        for (Effect e : model.effects()) {
            double visitNoise = rng.nextGaussian();
            double noise = Math.sqrt(rho) * subject.persistentNoise().get(e.key())
                    + Math.sqrt(1 - rho) * e.totalSd() * visitNoise;
            double baselineAge = subject.age() + model.acceleration().gapYears(e.structure(), subject.accelerated());
            double slope = subject.withinSlope().getOrDefault(e.key(), 0.0);
            double center = e.center(baselineAge, subject.male(), years, slope);
            double deviation = e.deviation(noise);
            Contrast.Enhancement enhancement = model.contrast().of(e.structure(), contrast);
            if (e.measure() == Measure.VOLUME_ML) {
                double heightFactor = model.bodySize().volumeFactor(subject.heightCm(), e.heightExponent());
                double v = e.clamped(center + deviation) * heightFactor;
                nativeVolume.put(e.structure(), v);
                volume.put(e.structure(), v * enhancement.volumeFactor());
            } else {
                planted.put(e.structure(), center + deviation);
                rendered.put(e.structure(), center + scanner.noiseScale() * deviation + scanner.huOffset()
                        + enhancement.huAdded());
            }
        }
        String scanId = subject.subjectId() + "_ct" + visit;
        return new PhantomScan(scanId, subject, visit, years, scanner.name(), contrast, nativeVolume, volume, planted,
                rendered, swap);
    }

    /** Age at this scan (years): baseline age plus the years since the first scan. */
    public double age() {
        return subject.age() + years;
    }

    /** The planted value of {@code structure}'s {@code measure} as rendered (contrast, scanner). */
    public double rendered(String structure, Measure measure) {
        return (measure == Measure.VOLUME_ML ? volumeMl : renderedHu).get(structure);
    }

    /**
     * The structures placed in world space, in label-id order; each carries the label id its voxels
     * get in this scan's ground-truth label image (another vertebra's when the scan has a swap).
     */
    public List<PlacedStructure> anatomy(PhantomModel model) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        model.labelMap().forEach((id, name) -> ids.put(name, id));
        Map<String, double[]> placement = subject.placement();
        return model.structures().stream().map(t -> {
            double[] p = placement.get(t.name());
            // The lumbar spine moves as one column.
            double[] shift = t.kind() == StructureTemplate.Kind.VERTEBRA ? placement.get("vertebrae_L3") : p;
            Solid solid = t.place(volumeMl.get(t.name()), shift[0], shift[1], shift[2], p[3], p[4]);
            int labelId = swap == null ? t.labelId() : ids.get(swap.labelOf(t.name()));
            return new PlacedStructure(labelId, t.name(), solid, renderedHu.get(t.name()));
        }).toList();
    }

    /**
     * Unlabelled tissue drawn before the labelled structures: the lung bases (air) and the
     * intervertebral discs between the lumbar vertebrae.
     */
    public List<PlacedStructure> unlabelled(PhantomModel model) {
        List<PlacedStructure> out = new ArrayList<>();
        for (double side : new double[] {-1, 1}) {
            Solid lung = new Solid.Ellipsoid(80 * side, -10, 230, 65, 80, 70);
            out.add(new PlacedStructure(0, "lung", lung, PhantomModel.LUNG_HU));
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

    /**
     * A structure of one scan placed in world space.
     *
     * @param labelId the id its voxels carry in the ground-truth label image
     * @param name the structure
     * @param solid its shape
     * @param hu the mean HU it is rendered with
     */
    public record PlacedStructure(int labelId, String name, Solid solid, double hu) {
    }
}
