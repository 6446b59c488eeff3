package org.cohortseg.pipeline;

import java.util.List;
import org.cohortseg.engine.Segmentation;
import org.cohortseg.engine.SegmentationEngine;
import org.cohortseg.engine.Stage;
import org.cohortseg.engine.StageTimings;
import org.cohortseg.io.ScanStore;
import org.cohortseg.measure.StructureMeasurer;
import org.cohortseg.measure.StructureMeasures;
import org.cohortseg.nifti.NiftiImage;

/**
 * One scan, start to finish: read, segment, measure. Split in two steps, {@link #read} (I/O and
 * decoding) and {@link #analyse} (everything else), so that a caller can read the next scan while
 * the current one is inferred. No step throws: every failure, of any kind, becomes a FAILED
 * outcome naming the exception, so one broken scan never stops a cohort.
 */
public final class ScanPipeline {
    private final SegmentationEngine engine;
    private final CtReader reader;
    private final boolean keepMask;
    private final StructureMeasurer measurer;

    /**
     * @param engine the segmentation engine
     * @param reader CT reader (NIfTI or DICOM, with the size limits of this run)
     * @param keepMask whether outcomes carry the label map (for writing masks)
     */
    public ScanPipeline(SegmentationEngine engine, CtReader reader, boolean keepMask) {
        this.engine = engine;
        this.reader = reader;
        this.keepMask = keepMask;
        this.measurer = new StructureMeasurer(engine.workers());
    }


    /** A decoded image, or why it could not be read, with the time it took. */
    public record Loaded(NiftiImage image, Throwable error, double seconds) {
    }

    /** Reads and decodes the scan at {@code location} in {@code store}; never throws. */
    public Loaded read(String location, ScanStore store) {
        long t0 = System.nanoTime();
        try {
            return new Loaded(reader.read(location, store), null, (System.nanoTime() - t0) / 1e9);
        } catch (Exception | OutOfMemoryError e) {
            return new Loaded(null, e, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Segments and measures a loaded scan; never throws. */
    public ScanOutcome analyse(Loaded loaded) {
        StageTimings timings = new StageTimings();
        timings.add(Stage.READ, loaded.seconds());
        if (loaded.error() != null) {
            return ScanOutcome.failed(loaded.error(), null, timings.seconds());
        }
        NiftiImage ct = loaded.image();
        ImageGeometry geometry = null;
        try {
            geometry = ImageGeometry.of(ct);
            Segmentation seg = engine.segment(ct);
            timings.addAll(seg.timings());
            List<StructureMeasures> measures = timings.time(Stage.MEASURE,
                    () -> measurer.measure(ct, seg.labels(), engine.spec().labelMap()));
            return new ScanOutcome(ScanStatus.OK, null, null, geometry, timings.seconds(), measures,
                    keepMask ? seg.labels() : null);
        } catch (Exception | OutOfMemoryError e) {
            return ScanOutcome.failed(e, geometry, timings.seconds());
        }
    }

    /** Both steps in a row. */
    public ScanOutcome process(String location, ScanStore store) {
        return analyse(read(location, store));
    }
}
