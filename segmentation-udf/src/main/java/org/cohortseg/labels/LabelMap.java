package org.cohortseg.labels;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered mapping of label ids to structure names (a JSON object {@code {"1": "spleen", ...}}).
 * The order is the file's, which is the order of TotalSegmentator's statistics.json.
 */
public final class LabelMap {
    /** Names of the label maps shipped in conf/labelmaps and inside the jar. */
    public static final List<String> BUILT_IN = List.of("total_v1", "total_v2");
    private static final int MAX_ID = 65535;
    private final Map<Integer, String> names;

    private LabelMap(Map<Integer, String> names) {
        this.names = Collections.unmodifiableMap(names);
    }

    /**
     * A label map from ids to names, in the given order.
     *
     * @throws IllegalArgumentException for ids outside 1..65535, empty or duplicate names
     */
    public static LabelMap of(Map<Integer, String> idToName) {
        Map<Integer, String> copy = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        idToName.forEach((id, name) -> {
            if (id < 1 || id > MAX_ID) {
                throw new IllegalArgumentException("label id " + id + " is outside 1.." + MAX_ID);
            }
            if (name == null || name.isBlank() || !seen.add(name)) {
                throw new IllegalArgumentException("label " + id + " has an empty or duplicate name: '" + name + "'");
            }
            copy.put(id, name);
        });
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a label map needs at least one label");
        }
        return new LabelMap(copy);
    }

    /** A built-in label map ({@code total_v1}, {@code total_v2}) or a JSON file path. */
    public static LabelMap load(String nameOrPath) throws IOException {
        if (BUILT_IN.contains(nameOrPath)) {
            try (InputStream in = LabelMap.class.getResourceAsStream("/org/cohortseg/labelmaps/" + nameOrPath + ".json")) {
                if (in == null) {
                    throw new IOException("built-in label map " + nameOrPath + " is missing from the classpath");
                }
                return parse(in, nameOrPath);
            }
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new IOException("label map '" + nameOrPath + "' is neither a built-in name " + BUILT_IN
                    + " nor a readable JSON file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, nameOrPath);
        }
    }

    private static LabelMap parse(InputStream in, String source) throws IOException {
        Map<String, String> raw = new ObjectMapper().readValue(in, new TypeReference<LinkedHashMap<String, String>>() { });
        Map<Integer, String> ids = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            try {
                ids.put(Integer.parseInt(e.getKey().trim()), e.getValue());
            } catch (NumberFormatException ex) {
                throw new IOException(source + ": label id '" + e.getKey() + "' is not an integer", ex);
            }
        }
        try {
            return of(ids);
        } catch (IllegalArgumentException ex) {
            throw new IOException(source + ": " + ex.getMessage(), ex);
        }
    }

    /** Id to name, in order (unmodifiable). */
    public Map<Integer, String> names() {
        return names;
    }

    /** The ids, in order. */
    public List<Integer> ids() {
        return new ArrayList<>(names.keySet());
    }

    /** The name of {@code id}, or null. */
    public String name(int id) {
        return names.get(id);
    }

    /** The largest id. */
    public int maxId() {
        return Collections.max(names.keySet());
    }

    /** Number of labels. */
    public int size() {
        return names.size();
    }
}
