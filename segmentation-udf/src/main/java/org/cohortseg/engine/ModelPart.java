package org.cohortseg.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * One network of a model: its ONNX file, its local channel ids with their structure names
 * (channel 0 is background), and its own CT normalisation.
 *
 * @param name part name (e.g. "organs")
 * @param onnx the ONNX file
 * @param labels local channel id (1..n) to structure name
 * @param normalization CT normalisation of this part
 */
public record ModelPart(String name, Path onnx, Map<Integer, String> labels, Normalization normalization) {

    public ModelPart {
        labels = Map.copyOf(labels);
    }

    /** Output channels, background included. */
    public int channels() {
        return labels.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    }
}
