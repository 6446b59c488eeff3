package org.cohortseg.cli;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.engine.ModelSpec;
import org.cohortseg.engine.Segmentation;
import org.cohortseg.engine.SegmentationEngine;
import org.cohortseg.engine.Stage;
import org.cohortseg.measure.StructureMeasurer;
import org.cohortseg.measure.TotalSegmentatorStatistics;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiWriter;
import org.cohortseg.pipeline.CtReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cohortseg predict}: segments one CT, like TotalSegmentator's command line for one scan. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Segment one CT with a model spec; optionally write TotalSegmentator-style statistics.")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ReadLimitsMixin limits;

    @Mixin
    ModelMixin model;

    @Option(names = "--ct", required = true, description = "CT: a NIfTI file (.nii, .nii.gz) or a DICOM series (a folder or a .zip).")
    Path ct;

    @Option(names = "--seg-out", required = true, description = "Label map to write (.nii.gz), on the CT's grid.")
    Path segOut;

    @Option(names = "--json", description = "Also write statistics.json (as cohortseg measure does).")
    Path json;

    @Mixin
    EngineMixin engine;

    @Option(names = "--threads", description = "Inference and worker threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        ModelSpec spec = model.load();
        int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        EngineOptions options = engine.options(cores);
        NiftiImage image = new CtReader(limits.reader()).read(ct);
        Segmentation seg = new SegmentationEngine(spec, options).segment(image);
        new NiftiWriter().write(seg.labels(), segOut);
        if (json != null) {
            try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
                new TotalSegmentatorStatistics(false, false)
                        .write(new StructureMeasurer().measure(image, seg.labels(), spec.labelMap()), w);
            }
        }
        StringBuilder stages = new StringBuilder();
        for (Map.Entry<Stage, Double> e : seg.timings().seconds().entrySet()) {
            stages.append(String.format(Locale.ROOT, " %s=%.2fs", e.getKey().label(), e.getValue()));
        }
        System.out.printf(Locale.ROOT, "segmented %s (%s, model grid %s) ->%s%n", ct, image.shape(), seg.modelGrid(),
                stages);
        return 0;
    }
}
