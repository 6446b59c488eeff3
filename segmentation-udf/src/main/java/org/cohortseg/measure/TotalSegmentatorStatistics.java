package org.cohortseg.measure;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes measures as TotalSegmentator's {@code statistics.json}: one object per label in label-map
 * order with {@code volume} (mm3) and {@code intensity} (mean HU rounded to 5 decimals as numpy's
 * {@code round}), 0.0 for absent structures and, unless incomplete ones are included, for structures
 * that touch the border; laid out as Python's {@code json.dump(indent=4)} so the files diff equal.
 */
public final class TotalSegmentatorStatistics {
    private final boolean includeIncomplete;
    private final boolean extra;

    /**
     * @param includeIncomplete report structures that touch the border (TotalSegmentator's {@code -sii})
     * @param extra add n_voxels, intensity_std/min/max, centroid_vox and bbox_vox
     */
    public TotalSegmentatorStatistics(boolean includeIncomplete, boolean extra) {
        this.includeIncomplete = includeIncomplete;
        this.extra = extra;
    }

    /** Writes the JSON document for {@code measures}. */
    public void write(List<StructureMeasures> measures, Writer out) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (StructureMeasures m : measures) {
            doc.put(m.name(), entry(m));
        }
        PythonJson.write(doc, out);
        out.flush();
    }

    private Map<String, Object> entry(StructureMeasures m) {
        Map<String, Object> e = new LinkedHashMap<>();
        boolean reported = !m.absent() && (includeIncomplete || !m.touchesBorder());
        e.put("volume", reported ? m.volumeMm3() : 0.0);
        e.put("intensity", reported ? roundLikeNumpy(m.hu().mean(), 5) : 0.0);
        if (extra) {
            e.put("n_voxels", reported ? m.voxelCount() : 0L);
            e.put("intensity_std", reported ? roundLikeNumpy(m.hu().std(), 5) : 0.0);
            e.put("intensity_min", reported ? (double) m.hu().min() : 0.0);
            e.put("intensity_max", reported ? (double) m.hu().max() : 0.0);
            e.put("centroid_vox", reported ? doubles(m.centroidVoxel()) : List.of());
            e.put("bbox_vox", reported ? bbox(m) : List.of());
        }
        return e;
    }

    /** numpy's {@code round(x, decimals)}: scale, round half to even, unscale. */
    public static double roundLikeNumpy(double x, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.rint(x * scale) / scale;
    }

    private static List<Object> doubles(double[] values) {
        List<Object> l = new ArrayList<>();
        for (double v : values) {
            l.add(roundLikeNumpy(v, 5));
        }
        return l;
    }

    private static List<Object> bbox(StructureMeasures m) {
        List<Object> l = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            l.add(List.of((long) m.bboxMin()[a], (long) m.bboxMax()[a]));
        }
        return l;
    }
}
