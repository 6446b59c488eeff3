package org.cohortseg.jobs;

/** The software version recorded in every row: the jar manifest's, or the build's when run from classes. */
public final class SoftwareVersion {
    private SoftwareVersion() {
    }

    /** The version string recorded in outputs. */
    public static String current() {
        String v = SoftwareVersion.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
