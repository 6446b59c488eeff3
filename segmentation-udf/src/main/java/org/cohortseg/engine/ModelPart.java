package org.cohortseg.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One network of a model: its ONNX file (or several: an ensemble of folds whose logits are
 * averaged, as nnU-Net's predictor averages its folds), its local channel ids with their
 * structure names (channel 0 is background), and its own normalisation.
 *
 * @param name part name (e.g. "organs")
 * @param onnx the ONNX files, one per ensemble member (at least one)
 * @param labels local channel id (1..n) to structure name
 * @param normalization the part's intensity normalisation
 */
public record ModelPart(String name, List<Path> onnx, Map<Integer, String> labels, Normalization normalization) {

    public ModelPart {
        onnx = List.copyOf(onnx);
        if (onnx.isEmpty()) {
            throw new IllegalArgumentException("part " + name + " names no ONNX file");
        }
        labels = Map.copyOf(labels);
    }

    /** Output channels, background included. */
    public int channels() {
        return labels.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    }
}
