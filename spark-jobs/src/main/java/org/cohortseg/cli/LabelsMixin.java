package org.cohortseg.cli;

import java.io.IOException;
import org.cohortseg.labels.LabelMap;
import picocli.CommandLine.Option;

/** The label map of every command that reads a segmentation: which label id is which structure. */
final class LabelsMixin {
    @Option(names = "--labels", paramLabel = "<labels>", defaultValue = "total_v2",
            description = "Label map: total_v1, total_v2 or a JSON file of id -> name (default: ${DEFAULT-VALUE}).")
    String nameOrPath;

    /** The built-in label map of that name, or the one in that JSON file. */
    LabelMap load() throws IOException {
        return LabelMap.load(nameOrPath);
    }
}
