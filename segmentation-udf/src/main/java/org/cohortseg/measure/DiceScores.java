package org.cohortseg.measure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cohortseg.labels.LabelMap;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.VoxelArray;

/**
 * Dice overlap per label between a predicted and a ground-truth label map on one grid. A label
 * absent from both maps has no Dice (it is excluded from the mean, as TotalSegmentator's
 * evaluation does); a label present in only one of them scores 0.
 *
 * @param perLabel label name to Dice, in label-map order; null where the label is absent from both
 * @param mean mean over the labels that have a Dice (NaN when none has)
 */
public record DiceScores(Map<String, Double> perLabel, double mean) {

    /**
     * Compares {@code prediction} with {@code truth} for every label of {@code labels}.
     *
     * @throws GridMismatchException when the two maps differ in shape
     */
    public static DiceScores of(NiftiImage prediction, NiftiImage truth, LabelMap labels) {
        if (!prediction.shape().equals(truth.shape())) {
            throw new GridMismatchException("prediction shape " + prediction.shape() + " differs from truth shape "
                    + truth.shape());
        }
        int size = labels.maxId() + 1;
        long[] predicted = new long[size];
        long[] expected = new long[size];
        long[] both = new long[size];
        VoxelArray p = prediction.voxels();
        VoxelArray t = truth.voxels();
        for (int i = 0; i < p.size(); i++) {
            int a = clamp(p.getLong(i), size);
            int b = clamp(t.getLong(i), size);
            predicted[a]++;
            expected[b]++;
            if (a == b) {
                both[a]++;
            }
        }
        Map<String, Double> dice = new LinkedHashMap<>();
        double sum = 0;
        int n = 0;
        for (Map.Entry<Integer, String> e : labels.names().entrySet()) {
            int id = e.getKey();
            long denominator = predicted[id] + expected[id];
            if (denominator == 0) {
                dice.put(e.getValue(), null);
                continue;
            }
            double d = 2.0 * both[id] / denominator;
            dice.put(e.getValue(), d);
            sum += d;
            n++;
        }
        return new DiceScores(java.util.Collections.unmodifiableMap(dice), n == 0 ? Double.NaN : sum / n);
    }

    /** Labels outside the map count as background. */
    private static int clamp(long label, int size) {
        return label > 0 && label < size ? (int) label : 0;
    }
}
