package org.cohortseg.pipeline;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.cohortseg.engine.Stage;
import org.cohortseg.io.Redaction;
import org.cohortseg.measure.StructureMeasures;
import org.cohortseg.nifti.NiftiImage;

/**
 * What processing one scan produced: either measures (OK) or a specific failure, plus whatever
 * was known before the failure (geometry, stage timings).
 *
 * @param status OK or FAILED
 * @param errorClass simple name of the exception that stopped the scan, null when OK
 * @param errorMessage its message (credentials in URIs masked), null when OK
 * @param geometry stored geometry, null when the image could not be read
 * @param seconds seconds per stage that ran (stage order)
 * @param measures one entry per label of the model's label map, empty when FAILED
 * @param mask the label map on the scan's grid when masks were asked for and the scan is OK, else null
 */
public record ScanOutcome(ScanStatus status, String errorClass, String errorMessage, ImageGeometry geometry,
                          Map<Stage, Double> seconds, List<StructureMeasures> measures, NiftiImage mask) {

    public ScanOutcome {
        EnumMap<Stage, Double> copy = new EnumMap<>(Stage.class);
        copy.putAll(seconds);
        seconds = Collections.unmodifiableMap(copy);
        measures = List.copyOf(measures);
    }

    /** A failure with what was known. */
    public static ScanOutcome failed(Throwable error, ImageGeometry geometry, Map<Stage, Double> seconds) {
        String message = Redaction.redact(error.getMessage() == null ? error.toString() : error.getMessage());
        return new ScanOutcome(ScanStatus.FAILED, error.getClass().getSimpleName(), message, geometry, seconds,
                List.of(), null);
    }
}
