package org.cohortseg.cli;

import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.nifti.ReadLimits;
import picocli.CommandLine.Option;

/** What an input image's header may declare, and whether a tilted DICOM series is read, for every command that reads images. */
final class ReadLimitsMixin {
    @Option(names = "--max-voxels", description = "Largest image accepted, in voxels (default: 2^31-9).")
    Long maxVoxels;

    @Option(names = "--min-spacing", defaultValue = "" + ReadLimits.MIN_SPACING_MM,
            description = "Smallest plausible voxel size in mm (default: ${DEFAULT-VALUE}).")
    double minSpacing;

    @Option(names = "--max-spacing", defaultValue = "" + ReadLimits.MAX_SPACING_MM,
            description = "Largest plausible voxel size in mm (default: ${DEFAULT-VALUE}).")
    double maxSpacing;

    @Option(names = "--refuse-tilt", description = "Refuse a DICOM series with a gantry tilt (default: its slices are "
            + "shifted onto an orthogonal grid, as dcm2niix does).")
    boolean refuseTilt;

    ReadLimits limits() {
        ReadLimits limits = ReadLimits.DEFAULT.withSpacing(minSpacing, maxSpacing).withGantryTiltRefused(refuseTilt);
        return maxVoxels == null ? limits : limits.withMaxVoxels(maxVoxels);
    }

    NiftiReader reader() {
        return new NiftiReader(limits());
    }
}
