package org.cohortseg.measure;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.cohortseg.io.Csv;

/**
 * Writes structure measures as CSV, one row per label. Absent structures have empty (NULL) value
 * fields, and {@code exclusion_reason} says why a row's values must not be used (absent, incomplete).
 */
public final class MeasuresCsv {
    /** Column names, in order. */
    public static final List<String> COLUMNS = List.of("label_id", "structure", "voxel_count", "volume_mm3",
            "volume_ml", "mean_hu", "std_hu", "min_hu", "max_hu", "median_hu", "p5_hu", "p95_hu",
            "centroid_x_vox", "centroid_y_vox", "centroid_z_vox", "centroid_x_mm", "centroid_y_mm", "centroid_z_mm",
            "bbox_min_x", "bbox_min_y", "bbox_min_z", "bbox_max_x", "bbox_max_y", "bbox_max_z",
            "touches_border", "exclusion_reason");

    private MeasuresCsv() {
    }

    /** Writes a header line and one line per structure (cohortseg's {@link Csv}). */
    public static void write(List<StructureMeasures> measures, Writer out) throws IOException {
        Csv.write(out, COLUMNS, measures.stream().map(MeasuresCsv::row).toList());
    }

    private static List<String> row(StructureMeasures m) {
        List<String> r = new ArrayList<>();
        r.add(Integer.toString(m.labelId()));
        r.add(m.name());
        r.add(Long.toString(m.voxelCount()));
        r.add(Double.toString(m.volumeMm3()));
        r.add(Double.toString(m.volumeMl()));
        HuSummary hu = m.hu();
        if (hu == null) {
            r.addAll(java.util.Collections.nCopies(19, ""));
        } else {
            for (double v : new double[] {hu.mean(), hu.std(), hu.min(), hu.max(), hu.median(), hu.p5(), hu.p95()}) {
                r.add(Double.toString(v));
            }
            for (double[] values : new double[][] {m.centroidVoxel(), m.centroidWorld()}) {
                for (double v : values) {
                    r.add(Double.toString(v));
                }
            }
            for (int[] values : new int[][] {m.bboxMin(), m.bboxMax()}) {
                for (int v : values) {
                    r.add(Integer.toString(v));
                }
            }
        }
        r.add(Boolean.toString(m.touchesBorder()));
        String reason = m.exclusionReason();
        r.add(reason == null ? "" : reason);
        return r;
    }
}
