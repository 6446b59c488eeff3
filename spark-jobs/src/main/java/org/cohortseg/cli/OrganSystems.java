package org.cohortseg.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A grouping of structures into organ systems for organ age ({@code stats --organ-systems FILE.json}). */
final class OrganSystems {
    private OrganSystems() {
    }

    /** Structure to system, from {@code {"system": ["structure", ...]}}; a structure in two systems is refused. */
    static Map<String, String> read(Path file) throws IOException {
        Map<String, List<String>> bySystem = new ObjectMapper().readValue(Files.readAllBytes(file),
                new TypeReference<>() { });
        Map<String, String> out = new HashMap<>();
        bySystem.forEach((system, structures) -> structures.forEach(s -> {
            String other = out.put(s, system);
            if (other != null) {
                throw new IllegalArgumentException(file + ": " + s + " is in " + other + " and " + system);
            }
        }));
        return out;
    }
}
