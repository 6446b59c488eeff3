package org.cohortseg.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiWriter;
import org.cohortseg.pipeline.CtReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cohortseg convert}: writes a CT as the reader sees it, e.g. a DICOM series as the NIfTI
 * dcm2niix would write (same voxels, affine and scaling), to inspect or to hand to other tools.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Write a CT (DICOM folder or .zip, or NIfTI) as NIfTI, exactly as cohortseg reads it.")
final class ConvertCommand implements Callable<Integer> {
    @Mixin
    ReadLimitsMixin limits;

    @Option(names = "--in", required = true, description = "A DICOM series (a folder or a .zip) or a NIfTI file.")
    Path in;

    @Option(names = "--out", required = true, description = "NIfTI file to write (.nii or .nii.gz).")
    Path out;

    @Override
    public Integer call() throws Exception {
        NiftiImage image = new CtReader(limits.reader()).read(in);
        new NiftiWriter().write(image, out);
        System.out.printf(Locale.ROOT, "wrote %s: %s voxels of %s mm, %s%n", out, image.shape(),
                Arrays.toString(image.voxelSizes()), image.voxels().type());
        return 0;
    }
}
