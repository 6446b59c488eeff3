package org.cohortseg.pipeline;

import java.util.List;
import java.util.Map;
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
 * @param seconds seconds per stage (read, orient, resample, normalize, infer, blend, merge, restore, measure)
 * @param measures one entry per label of the model's label map, empty when FAILED
 * @param mask the label map on the scan's grid when masks were asked for and the scan is OK, else null
 */
public record ScanOutcome(ScanStatus status, String errorClass, String errorMessage, ImageGeometry geometry,
                          Map<String, Double> seconds, List<StructureMeasures> measures, NiftiImage mask) {

    public ScanOutcome {
        seconds = Map.copyOf(seconds);
        measures = List.copyOf(measures);
    }

    /** A failure with what was known. */
    public static ScanOutcome failed(Throwable error, ImageGeometry geometry, Map<String, Double> seconds) {
        String message = Redaction.redact(error.getMessage() == null ? error.toString() : error.getMessage());
        return new ScanOutcome(ScanStatus.FAILED, error.getClass().getSimpleName(), message, geometry, seconds,
                List.of(), null);
    }
}
