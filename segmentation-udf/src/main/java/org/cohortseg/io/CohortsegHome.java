package org.cohortseg.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the cohortseg installation (the folder holding {@code conf/}): the system property
 * {@code cohortseg.root}, else the environment variable {@code COHORTSEG_HOME}, else the nearest
 * folder above the working directory that has {@code conf/labelmaps}.
 */
public final class CohortsegHome {
    private CohortsegHome() {
    }

    /**
     * The installation root.
     *
     * @throws IllegalStateException when none can be found
     */
    public static Path root() {
        String configured = System.getProperty("cohortseg.root", System.getenv("COHORTSEG_HOME"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("conf/labelmaps"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the cohortseg folder (with conf/labelmaps): set -Dcohortseg.root "
                + "or COHORTSEG_HOME");
    }

    /** A path inside the installation. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
