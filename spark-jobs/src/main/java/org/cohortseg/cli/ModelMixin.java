package org.cohortseg.cli;

import java.util.LinkedHashSet;
import java.util.List;
import org.cohortseg.engine.ModelSpec;
import org.cohortseg.engine.ModelSpecException;
import org.cohortseg.engine.ModelSpecLoader;
import picocli.CommandLine.Option;

/**
 * The model spec of every command that segments. It defaults to the phantom model everywhere, so
 * that a command without {@code --model} behaves the same whichever command it is.
 */
final class ModelMixin {
    @Option(names = "--model", paramLabel = "<model>", defaultValue = "phantom",
            description = "Model spec: a name in conf/models or a JSON file; segment also takes a Hadoop URI "
                    + "(default: ${DEFAULT-VALUE}).")
    String nameOrPath;

    @Option(names = "--structures", paramLabel = "<name>", split = ",",
            description = "Segment only these structures (TotalSegmentator's --roi_subset): only the parts that hold "
                    + "them run, and the others' voxels are background (default: all).")
    List<String> structures = List.of();

    /** The spec, loaded and checked on this machine (segment instead hands {@link #nameOrPath} to its executors). */
    ModelSpec load() throws ModelSpecException {
        ModelSpec spec = ModelSpecLoader.load(nameOrPath);
        try {
            return structures.isEmpty() ? spec : spec.restrictedTo(new LinkedHashSet<>(structures));
        } catch (IllegalArgumentException e) {
            throw new ModelSpecException(nameOrPath + ": --structures: " + e.getMessage(), e);
        }
    }
}
