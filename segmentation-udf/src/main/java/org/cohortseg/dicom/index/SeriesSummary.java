package org.cohortseg.dicom.index;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.cohortseg.dicom.SeriesAssembler;
import org.cohortseg.dicom.SliceGaps;
import org.cohortseg.dicom.SlicePlacement;
import org.cohortseg.dicom.TransferSyntax;

/**
 * One series of the index: its identity, patient and acquisition (from its first file in slice
 * order), its geometry (from every file's position) and whether the study can use it, with the
 * reasons when not. Geometry checks are those the reader makes ({@link SeriesAssembler}), so a
 * usable series is one the reader reads.
 *
 * @param first the header the per-series attributes come from
 * @param age age at the study in years ({@link AgeAtStudy}), or null
 * @param files number of files
 * @param bytes their total size
 * @param slices number of images (frames of multi-frame files included)
 * @param zCoverage distance between the first and last slice along the normal (mm), or null
 * @param sliceSpacing the typical (median) slice spacing from positions (mm), or null
 * @param sliceSpacingMin the smallest slice spacing, or null
 * @param sliceSpacingMax the largest slice spacing, or null
 * @param plane axial, coronal or sagittal (the axis nearest the slice normal), or null
 * @param tiltDegrees gantry tilt from the positions (GantryDetectorTilt for a single slice), or null
 * @param syntaxes the transfer syntax UIDs, sorted, joined by a space
 * @param folders the folders (or archives) its files lie in, sorted
 * @param reasons why the study cannot use it; empty when it can
 */
public record SeriesSummary(InstanceHeader first, Double age, int files, long bytes, int slices, Double zCoverage,
                            Double sliceSpacing, Double sliceSpacingMin, Double sliceSpacingMax, String plane,
                            Double tiltDegrees, String syntaxes, List<String> folders, List<String> reasons)
        implements Serializable {

    /** Whether the study can use it. */
    public boolean usable() {
        return reasons.isEmpty();
    }

    /** The reasons as one text ("not CT (MR); localizer"), or null when usable. */
    public String reasonText() {
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    /** Manufacturer and model ("SIEMENS SOMATOM Force"), or null when neither is given. */
    public String scanner() {
        String s = String.join(" ", Objects.requireNonNullElse(first.manufacturer(), ""),
                Objects.requireNonNullElse(first.model(), "")).strip();
        return s.isEmpty() ? null : s;
    }

    /** Whether ContrastBolusAgent names an agent (it is absent or empty for a native scan). */
    public boolean contrast() {
        return first.contrastAgent() != null;
    }

    /** The summary of one series' files under {@code rules}. */
    public static SeriesSummary of(List<InstanceHeader> headers, SeriesRules rules) {
        List<String> reasons = new ArrayList<>();
        List<Placed> placed = new ArrayList<>();
        boolean unplaced = false;
        for (InstanceHeader h : headers) {
            double[][] positions = h.framePositions() == null ? new double[][] {h.position()} : h.framePositions();
            for (double[] p : positions) {
                unplaced |= p == null || h.orientation() == null;
                if (p != null && h.orientation() != null) {
                    placed.add(new Placed(h, p));
                }
            }
        }
        List<InstanceHeader> ordered = new ArrayList<>(headers);
        ordered.sort(Comparator.comparing(InstanceHeader::file));
        InstanceHeader first = ordered.get(0);
        Geometry g = null;
        if (unplaced) {
            reasons.add(headers.stream().noneMatch(InstanceHeader::pixelData) ? "no image" : "no image position or orientation");
        } else {
            g = Geometry.of(placed, rules, reasons);
            first = g.firstSlice;
        }
        int slices = headers.stream().mapToInt(InstanceHeader::frames).sum();
        acquisitionReasons(first, headers, slices, rules, reasons);
        String syntaxes = String.join(" ", new TreeSet<>(headers.stream().map(InstanceHeader::syntaxUid).toList()));
        return new SeriesSummary(first, AgeAtStudy.years(first.patientAge(), first.birthDate(), first.studyDate()),
                headers.size(), headers.stream().mapToLong(InstanceHeader::bytes).sum(), slices,
                g == null ? null : g.coverage, g == null ? null : g.gaps.typical(), g == null ? null : g.gaps.min(),
                g == null ? null : g.gaps.max(), g == null ? null : g.plane, g == null ? first.gantryTilt() : g.tilt,
                syntaxes, List.copyOf(new TreeSet<>(headers.stream().map(InstanceHeader::folder).toList())), List.copyOf(reasons));
    }

    private static void acquisitionReasons(InstanceHeader first, List<InstanceHeader> headers, int slices, SeriesRules rules,
                                           List<String> reasons) {
        if (!"CT".equalsIgnoreCase(first.modality())) {
            reasons.add("not CT (" + Objects.requireNonNullElse(first.modality(), "no modality") + ")");
        }
        List<String> type = Arrays.asList(first.imageTypeValues());
        if (type.contains("LOCALIZER")) {
            reasons.add("localizer");
        } else if (type.size() >= 2 && type.get(0).equals("DERIVED") && !type.get(1).equals("PRIMARY")) {
            // DERIVED\SECONDARY is a reformat or a projection; DERIVED\PRIMARY is the acquisition after lossy compression
            reasons.add("derived (" + first.imageType() + ")");
        }
        if (slices < rules.minSlices()) {
            reasons.add("too few slices (" + slices + " < " + rules.minSlices() + ")");
        }
        distinct(headers, h -> h.rows() + "x" + h.columns(), "mixed image sizes", reasons);
        headers.stream().map(InstanceHeader::syntaxUid).distinct()
                .filter(uid -> TransferSyntax.of(uid).codec() == TransferSyntax.Codec.UNSUPPORTED).sorted()
                .forEach(uid -> reasons.add("transfer syntax " + uid + " is not supported"));
    }

    private static void distinct(List<InstanceHeader> headers, Function<InstanceHeader, String> value, String reason,
                                 List<String> reasons) {
        TreeSet<String> values = new TreeSet<>(headers.stream().map(value).toList());
        if (values.size() > 1) {
            reasons.add(reason + " (" + String.join(", ", values) + ")");
        }
    }

    /** One image and where it lies: a single-frame file at its position, or a frame of a multi-frame file. */
    private record Placed(InstanceHeader header, double[] position) {
    }

    /** Where the slices lie. */
    private record Geometry(InstanceHeader firstSlice, double coverage, SliceGaps gaps, String plane, double tilt) {
        static Geometry of(List<Placed> placed, SeriesRules rules, List<String> reasons) {
            InstanceHeader any = placed.get(0).header();
            double[] normal = SlicePlacement.cross(Arrays.copyOfRange(any.orientation(), 0, 3),
                    Arrays.copyOfRange(any.orientation(), 3, 6));
            List<InstanceHeader> headers = placed.stream().map(Placed::header).distinct().toList();
            distinctArrays(headers, InstanceHeader::orientation, "mixed orientations", reasons);
            distinctArrays(headers, InstanceHeader::pixelSpacing, "mixed pixel spacings", reasons);
            List<Placed> sorted = new ArrayList<>(placed);
            sorted.sort(Comparator.comparingDouble((Placed p) -> SlicePlacement.dot(p.position(), normal))
                    .thenComparing(p -> p.header().file()));
            double[] along = sorted.stream().mapToDouble(p -> SlicePlacement.dot(p.position(), normal)).toArray();
            Placed first = sorted.get(0);
            String plane = SeriesSummary.plane(normal);
            if (!plane.equals("axial")) {
                reasons.add("not axial (" + plane + ")");
            }
            if (sorted.size() < 2) {
                return new Geometry(first.header(), 0, new SliceGaps(Double.NaN, Double.NaN, Double.NaN, null, -1), plane,
                        Objects.requireNonNullElse(first.header().gantryTilt(), 0.0));
            }
            SliceGaps gaps = SliceGaps.of(along);
            if (gaps.problem() != null) {
                reasons.add(gaps.problem().text() + String.format(Locale.ROOT, " (%.3f mm after %.3f mm along the normal)",
                        gaps.gapAt(along), along[gaps.problemAt()]));
            }
            double tilt = SlicePlacement.tiltDegrees(first.position(), sorted.get(sorted.size() - 1).position(), normal);
            if (rules.refuseTilt() && tilt > SeriesAssembler.NO_TILT_DEGREES) {
                reasons.add(String.format(Locale.ROOT, "gantry tilt %.2f degrees (refused)", tilt));
            }
            if (gaps.typical() > rules.maxSliceSpacing()) {
                reasons.add(String.format(Locale.ROOT, "slices too thick (%.2f mm > %.2f mm)", gaps.typical(), rules.maxSliceSpacing()));
            }
            return new Geometry(first.header(), along[along.length - 1] - along[0], gaps, plane, tilt);
        }
    }

    /** The distinct arrays (compared before any is formatted: a series has thousands of slices), named when several. */
    private static void distinctArrays(List<InstanceHeader> headers, Function<InstanceHeader, double[]> value, String reason,
                                       List<String> reasons) {
        TreeSet<double[]> values = new TreeSet<>(Arrays::compare);
        headers.forEach(h -> values.add(value.apply(h) == null ? new double[0] : value.apply(h)));
        if (values.size() > 1) {
            reasons.add(reason + " (" + String.join(", ", values.stream().map(SeriesSummary::orientationText).toList()) + ")");
        }
    }

    private static String orientationText(double[] o) {
        StringBuilder s = new StringBuilder();
        for (double v : o) {
            s.append(s.length() == 0 ? "" : "\\").append(String.format(Locale.ROOT, "%.4f", v));
        }
        return s.toString();
    }

    /** The anatomical plane whose normal is nearest the slice normal. */
    static String plane(double[] normal) {
        double x = Math.abs(normal[0]);
        double y = Math.abs(normal[1]);
        double z = Math.abs(normal[2]);
        return z >= x && z >= y ? "axial" : y >= x ? "coronal" : "sagittal";
    }

    /** The orientation of the first slice, as ImageOrientationPatient reads ("1\0\0\0\1\0"), or null. */
    public String orientation() {
        return first.orientation() == null ? null : orientationText(first.orientation());
    }
}
