package org.cohortseg.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cohortseg.io.CohortsegHome;
import org.cohortseg.labels.LabelMap;

/**
 * Reads and validates model specs (conf/models/*.json). ONNX paths are relative to the spec file.
 * Names without a path ({@code phantom}, {@code total_v2}, ...) are looked up in conf/models.
 */
public final class ModelSpecLoader {
    private static final int MAX_LABEL_ID = 255;
    /** Optional key: run the model for these structures only ({@link ModelSpec#restrictedTo}). */
    public static final String STRUCTURES = "structures";

    private ModelSpecLoader() {
    }

    /** The spec file for a name in conf/models, or the path itself. */
    public static Path resolve(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (nameOrPath.endsWith(".json") || Files.exists(p)) {
            return p;
        }
        return CohortsegHome.resolve("conf/models/" + nameOrPath + ".json");
    }

    /**
     * Loads and validates a spec: keys and values, label ids against the global label map, and
     * that every ONNX file exists.
     *
     * @throws ModelSpecException naming the spec file and the problem
     */
    public static ModelSpec load(String nameOrPath) throws ModelSpecException {
        Path file = resolve(nameOrPath);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelSpecException(file + ": cannot read the model spec: " + e.getMessage(), e);
        }
        try {
            return parse(root, file);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ModelSpecException(file + ": " + e.getMessage(), e);
        }
    }

    private static ModelSpec parse(JsonNode root, Path file) throws ModelSpecException {
        String axes = text(root, "input_axes");
        if (!axes.equals("zyx")) {
            throw new IllegalArgumentException("input_axes must be \"zyx\" (the nnU-Net layout), got \"" + axes + "\"");
        }
        double[] spacing = doubles(root, "spacing_mm");
        int[] patchZyx = ints(root, "patch_size");
        for (int a = 0; a < 3; a++) {
            if (!(spacing[a] > 0) || patchZyx[a] < 1) {
                throw new IllegalArgumentException("spacing_mm and patch_size must be positive");
            }
        }
        LabelMap labelMap = LabelMap.of(idMap(root.get("labelmap"), "labelmap"));
        if (labelMap.maxId() > MAX_LABEL_ID) {
            throw new IllegalArgumentException("label ids above " + MAX_LABEL_ID + " are not supported (uint8 label maps)");
        }
        List<ModelPart> parts = new ArrayList<>();
        JsonNode partNodes = root.get("parts");
        if (partNodes == null || !partNodes.isArray() || partNodes.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one part");
        }
        for (JsonNode p : partNodes) {
            parts.add(part(p, file, labelMap));
        }
        ModelSpec spec = new ModelSpec(text(root, "id"), root.path("description").asText(""), spacing,
                new int[] {patchZyx[2], patchZyx[1], patchZyx[0]}, number(root, "step"),
                number(root, "gaussian_sigma_scale"), labelMap, parts);
        WindowPlanner.starts(spec.patchXyz()[0], spec.patchXyz()[0], spec.step()); // validates the step
        JsonNode structures = root.get(STRUCTURES);
        if (structures == null) {
            return spec;
        }
        Set<String> subset = new LinkedHashSet<>();
        structures.forEach(s -> subset.add(s.asText()));
        return spec.restrictedTo(subset);
    }

    private static ModelPart part(JsonNode p, Path file, LabelMap labelMap) throws ModelSpecException {
        String name = text(p, "name");
        List<Path> onnx = new ArrayList<>();
        for (String relative : onnxFiles(p)) {
            Path member = file.toAbsolutePath().getParent().resolve(relative).normalize();
            if (!Files.isRegularFile(member)) {
                throw new ModelSpecException(file + ": part " + name + ": ONNX file " + member + " does not exist"
                        + " (export nnU-Net and TotalSegmentator weights with tools/nnunet_to_onnx.py)");
            }
            onnx.add(member);
        }
        Map<Integer, String> labels = idMap(p.get("labels"), "parts." + name + ".labels");
        for (Map.Entry<Integer, String> e : labels.entrySet()) {
            if (!labelMap.names().containsValue(e.getValue())) {
                throw new IllegalArgumentException("part " + name + ": label " + e.getKey() + " '" + e.getValue()
                        + "' is not in the model's labelmap");
            }
        }
        for (int id = 1; id <= labels.size(); id++) {
            if (!labels.containsKey(id)) {
                throw new IllegalArgumentException("part " + name + ": local labels must be 1.." + labels.size()
                        + ", " + id + " is missing");
            }
        }
        return new ModelPart(name, onnx, labels, normalization(p.get("normalization"), name));
    }

    /**
     * The ONNX files a part node names, relative to its spec: {@code "onnx"} is one file, or an
     * array of files (an ensemble of folds).
     *
     * @throws IllegalArgumentException when {@code "onnx"} is missing, empty or not text
     */
    public static List<String> onnxFiles(JsonNode part) {
        JsonNode onnx = part.get("onnx");
        List<String> files = new ArrayList<>();
        if (onnx != null && onnx.isArray()) {
            onnx.forEach(f -> files.add(f.isTextual() ? f.asText() : ""));
        } else if (onnx != null && onnx.isTextual()) {
            files.add(onnx.asText());
        }
        if (files.isEmpty() || files.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("part " + part.path("name").asText("?")
                    + ": \"onnx\" must be a file name or a non-empty array of file names");
        }
        return files;
    }

    /** nnU-Net's schemes by name; a node without {@code "scheme"} is CT normalisation (specs before schemes). */
    private static Normalization normalization(JsonNode n, String part) {
        if (n == null || n.has("fill_in")) {
            throw new IllegalArgumentException("part " + part + " has no normalization values"
                    + (n == null ? "" : ": " + n.get("fill_in").asText()));
        }
        String scheme = n.path("scheme").asText("CTNormalization");
        return switch (scheme) {
            case "CTNormalization" ->
                    new CtNormalization(number(n, "clip_low"), number(n, "clip_high"), number(n, "mean"), number(n, "std"));
            case "ZScoreNormalization" -> {
                JsonNode mask = n.get("use_mask_for_norm");
                if (mask == null || !mask.isBoolean()) {
                    throw new IllegalArgumentException("part " + part + ": ZScoreNormalization needs a boolean"
                            + " \"use_mask_for_norm\"");
                }
                yield new ZScoreNormalization(mask.asBoolean());
            }
            default -> throw new IllegalArgumentException("part " + part + ": normalization scheme \"" + scheme
                    + "\" is not supported (CTNormalization, ZScoreNormalization)");
        };
    }

    private static Map<Integer, String> idMap(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be an object of id -> name");
        }
        Map<Integer, String> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> m.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
        return m;
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("missing or empty \"" + key + "\"");
        }
        return v.asText();
    }

    private static double number(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("missing number \"" + key + "\"");
        }
        return v.asDouble();
    }

    private static double[] doubles(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isArray() || v.size() != 3) {
            throw new IllegalArgumentException("\"" + key + "\" must be an array of 3 numbers");
        }
        return new double[] {v.get(0).asDouble(), v.get(1).asDouble(), v.get(2).asDouble()};
    }

    private static int[] ints(JsonNode node, String key) {
        double[] d = doubles(node, key);
        return new int[] {(int) d[0], (int) d[1], (int) d[2]};
    }
}
