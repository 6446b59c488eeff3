package org.cohortseg.cli;

import picocli.CommandLine.IVersionProvider;

/** The software version from the jar manifest (or "development" when run from classes). */
public final class Version implements IVersionProvider {

    /** The version string recorded in outputs. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"cohortseg " + current()};
    }
}
