package org.cohortseg.cli;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cohortseg.measure.MeasuresCsv;
import org.cohortseg.measure.StructureMeasurer;
import org.cohortseg.measure.StructureMeasures;
import org.cohortseg.measure.TotalSegmentatorStatistics;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.pipeline.CtReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cohortseg measure}: TotalSegmentator-compatible statistics for a CT and its segmentation. */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Measure every structure of a segmentation on its CT (statistics.json as TotalSegmentator writes it).")
final class MeasureCommand implements Callable<Integer> {
    @Mixin
    ReadLimitsMixin limits;

    @Option(names = "--ct", required = true, description = "CT: a NIfTI file (.nii, .nii.gz) or a DICOM series (a folder, "
            + "a .zip or FOLDER#SeriesInstanceUID).")
    Path ct;

    @Option(names = "--seg", required = true, description = "Label map on the CT's grid.")
    Path seg;

    @Mixin
    LabelsMixin labels;

    @Option(names = "--include-incomplete", description = "Report structures within 3 voxels of the border "
            + "(TotalSegmentator's --stats_include_incomplete).")
    boolean includeIncomplete;

    @Option(names = "--extra", description = "Add n_voxels, intensity_std/min/max, centroid_vox and bbox_vox.")
    boolean extra;

    @Option(names = "--json", required = true, description = "Output statistics.json.")
    Path json;

    @Option(names = "--csv", description = "Also write every measure, one row per structure, as CSV.")
    Path csv;

    @Override
    public Integer call() throws Exception {
        NiftiReader reader = limits.reader();
        NiftiImage ctImage = new CtReader(reader).read(ct);
        NiftiImage segImage = reader.read(seg);
        List<StructureMeasures> measures = new StructureMeasurer().measure(ctImage, segImage, labels.load());
        try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            new TotalSegmentatorStatistics(includeIncomplete, extra).write(measures, w);
        }
        if (csv != null) {
            try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                MeasuresCsv.write(measures, w);
            }
        }
        return 0;
    }
}
