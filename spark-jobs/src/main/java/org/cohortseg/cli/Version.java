package org.cohortseg.cli;

import org.cohortseg.jobs.SoftwareVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version every output row records. */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"cohortseg " + SoftwareVersion.current()};
    }
}
