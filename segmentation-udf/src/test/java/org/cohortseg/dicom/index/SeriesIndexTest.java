package org.cohortseg.dicom.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.cohortseg.dicom.DicomTag;
import org.cohortseg.dicom.DicomWriter;
import org.junit.jupiter.api.Test;

/**
 * Series judged, located and selected as a study's curation would: synthetic headers written with
 * {@link DicomWriter} and read back through {@link HeaderReader}.
 */
class SeriesIndexTest {
    private static final String STUDY = "1.2.3.1";

    /** One slice of series {@code series} at height {@code z}, with {@code extra} attributes. */
    private static InstanceHeader slice(String file, String series, double z, UnaryOperator<DicomWriter> extra)
            throws IOException {
        DicomWriter w = new DicomWriter().text(DicomTag.STUDY_INSTANCE_UID, STUDY).text(DicomTag.SERIES_INSTANCE_UID, series)
                .text(DicomTag.MODALITY, "CT").texts(DicomTag.IMAGE_TYPE, "ORIGINAL", "PRIMARY", "AXIAL")
                .text(DicomTag.PATIENT_ID, "PAT-7").text(DicomTag.PATIENT_SEX, "F").text(DicomTag.PATIENT_AGE, "063Y")
                .numbers(DicomTag.IMAGE_POSITION_PATIENT, -100, -100, z).numbers(DicomTag.IMAGE_ORIENTATION_PATIENT, 1, 0, 0, 0, 1, 0)
                .numbers(DicomTag.PIXEL_SPACING, 0.8, 0.8).unsignedShort(DicomTag.ROWS, 4).unsignedShort(DicomTag.COLUMNS, 4)
                .unsignedShort(DicomTag.BITS_ALLOCATED, 16).text(DicomTag.CONVOLUTION_KERNEL, "B30f");
        byte[] bytes = extra.apply(w).toBytes(new short[16]);
        String folder = file.substring(0, file.lastIndexOf('/'));
        HeaderReader.Outcome o = HeaderReader.read(file, folder, bytes.length, n -> Arrays.copyOf(bytes, n));
        return assertInstanceOf(HeaderReader.Header.class, o).header();
    }

    /** {@code n} slices {@code step} mm apart in {@code folder}. */
    private static List<InstanceHeader> series(String folder, String uid, int n, double step, UnaryOperator<DicomWriter> extra)
            throws IOException {
        List<InstanceHeader> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(slice(folder + "/" + uid + "_" + k, uid, k * step, extra));
        }
        return out;
    }

    private static SeriesSummary summary(List<InstanceHeader> headers) {
        return SeriesSummary.of(headers, SeriesRules.defaults());
    }

    @Test
    void aStackOfOriginalAxialSlicesIsUsable() throws IOException {
        SeriesSummary s = summary(series("/x/a", "1.2.3.4", 30, 3, w -> w));
        assertTrue(s.usable(), s.reasons().toString());
        assertEquals(30, s.slices());
        assertEquals(87, s.zCoverage(), 1e-9);
        assertEquals(3, s.sliceSpacing(), 1e-9);
        assertEquals("axial", s.plane());
        assertEquals(0, s.tiltDegrees(), 1e-9);
        assertEquals(63, s.age());
        assertFalse(s.contrast());
    }

    @Test
    void eachReasonIsNamed() throws IOException {
        Map<String, List<InstanceHeader>> cases = Map.of(
                "not CT (MR)", series("/x/mr", "1.1", 30, 3, w -> w.text(DicomTag.MODALITY, "MR")),
                "localizer", series("/x/loc", "1.2", 1, 3, w -> w.texts(DicomTag.IMAGE_TYPE, "ORIGINAL", "PRIMARY", "LOCALIZER")),
                "derived (DERIVED\\SECONDARY\\REFORMATTED)", series("/x/mpr", "1.3", 30, 3,
                        w -> w.texts(DicomTag.IMAGE_TYPE, "DERIVED", "SECONDARY", "REFORMATTED")),
                "too few slices (10 < 20)", series("/x/short", "1.4", 10, 3, w -> w),
                "slices too thick (7.50 mm > 5.00 mm)", series("/x/thick", "1.5", 30, 7.5, w -> w),
                "not axial (coronal)", series("/x/cor", "1.6", 30, 3,
                        w -> w.numbers(DicomTag.IMAGE_ORIENTATION_PATIENT, 1, 0, 0, 0, 0, -1)));
        cases.forEach((reason, headers) -> assertTrue(summary(headers).reasons().contains(reason),
                reason + " in " + summary(headers).reasons()));
        assertEquals(List.of("localizer", "too few slices (1 < 20)"), summary(cases.get("localizer")).reasons());
        List<InstanceHeader> gap = new ArrayList<>(series("/x/gap", "1.7", 30, 3, w -> w));
        gap.remove(12);
        assertEquals(List.of("missing slice (6.000 mm after 33.000 mm along the normal)"), summary(gap).reasons());
        List<InstanceHeader> tilted = new ArrayList<>();
        for (int k = 0; k < 30; k++) { // each slice 0.5 mm further posterior: atan(0.5 / 3) = 9.46 degrees
            int slice = k;
            tilted.add(slice("/x/tilt/" + k, "1.8", 3 * k, w -> w.numbers(DicomTag.IMAGE_POSITION_PATIENT, -100, -100 + 0.5 * slice, 3 * slice)));
        }
        assertEquals(List.of(), summary(tilted).reasons(), "the reader corrects a tilt");
        assertEquals(9.46, summary(tilted).tiltDegrees(), 0.005);
        assertEquals(List.of("gantry tilt 9.46 degrees (refused)"), SeriesSummary.of(tilted, new SeriesRules(20, 5, true)).reasons());
        List<InstanceHeader> mixed = new ArrayList<>(series("/x/mix", "1.9", 30, 3, w -> w));
        mixed.set(5, slice("/x/mix/5", "1.9", 15, w -> w.unsignedShort(DicomTag.ROWS, 8)));
        assertEquals(List.of("mixed image sizes (4x4, 8x4)"), summary(mixed).reasons());
    }

    @Test
    void aStudySeriesIsTheThinnestThenWidestUsableOneOrThePreferredKernel() throws IOException {
        List<SeriesSummary> all = List.of(
                summary(series("/e/s1/thick", "1.2.3.10", 40, 3, w -> w)),
                summary(series("/e/s1/thin_short", "1.2.3.11", 60, 1.5, w -> w)),
                summary(series("/e/s1/thin_wide", "1.2.3.12", 80, 1.5, w -> w.text(DicomTag.CONVOLUTION_KERNEL, "B70f"))),
                summary(series("/e/s1/localizer", "1.2.3.13", 1, 1, w -> w.texts(DicomTag.IMAGE_TYPE, "ORIGINAL", "PRIMARY", "LOCALIZER"))),
                summary(series("/e/s1/thinnest_derived", "1.2.3.14", 90, 1, w -> w.texts(DicomTag.IMAGE_TYPE, "DERIVED", "SECONDARY"))));
        assertEquals(List.of("1.2.3.12"), selected(SeriesIndex.of(all, SeriesSelection.preferring(List.of()), null)));
        assertEquals(List.of("1.2.3.11"), selected(SeriesIndex.of(all, SeriesSelection.preferring(List.of("b3.*")), null)),
                "a preferred kernel comes before thin slices; among its series, the thinnest");
        List<SeriesSummary> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        assertEquals(SeriesIndex.of(all, SeriesSelection.preferring(List.of()), null),
                SeriesIndex.of(reversed, SeriesSelection.preferring(List.of()), null), "the order found does not matter");
    }

    private static List<String> selected(List<IndexedSeries> index) {
        return index.stream().filter(IndexedSeries::selected).map(s -> s.summary().first().seriesUid()).toList();
    }

    /** A series alone in its folder is the folder; series sharing one are named by UID; a folder above others' is shared. */
    @Test
    void eachSeriesGetsAPathTheReaderTakes() throws IOException {
        List<InstanceHeader> loose = series("/e/s2", "1.5.1", 25, 2, w -> w); // loose files beside the subfolders
        List<SeriesSummary> all = List.of(summary(loose),
                summary(series("/e/s2/ser2", "1.5.2", 25, 2, w -> w)),
                summary(series("/e/s3", "1.5.3", 25, 2, w -> w)),
                summary(series("/e/s3", "1.5.4", 25, 2, w -> w)),
                summary(series("/e/s30", "1.5.5", 25, 2, w -> w)));
        Map<String, String> paths = SeriesIndex.of(all, SeriesSelection.preferring(List.of()), null).stream()
                .collect(Collectors.toMap(s -> s.summary().first().seriesUid(), IndexedSeries::path));
        assertEquals(Map.of("1.5.1", "/e/s2#1.5.1", "1.5.2", "/e/s2/ser2", "1.5.3", "/e/s3#1.5.3", "1.5.4", "/e/s3#1.5.4",
                "1.5.5", "/e/s30"), paths);
        List<InstanceHeader> spread = new ArrayList<>(series("/e/s4/a", "1.6.1", 10, 2, w -> w));
        spread.addAll(series("/e/s4/b", "1.6.1", 10, 2, w -> w.numbers(DicomTag.IMAGE_POSITION_PATIENT, -100, -100, 20 + 0)));
        assertEquals("/e/s4", SeriesLocations.commonFolder(summary(spread).folders()));
    }

    @Test
    void pseudonymsAreKeyedHashesThatKeepSubjectsTogether() throws IOException {
        List<SeriesSummary> all = List.of(summary(series("/p/a", "1.7.1", 25, 2, w -> w)),
                summary(series("/p/b", "1.7.2", 25, 2, w -> w.text(DicomTag.STUDY_INSTANCE_UID, "1.2.3.2"))));
        List<IndexedSeries> index = SeriesIndex.of(all, SeriesSelection.preferring(List.of()), new Pseudonyms("a key of sixteen+"));
        assertEquals(index.get(0).subjectId(), index.get(1).subjectId());
        assertNotEquals("PAT-7", index.get(0).subjectId());
        assertNotEquals(index.get(0).subjectId(), new Pseudonyms("another key, 16+").of("PAT-7"));
        assertEquals(2, selected(index).size(), "one per study");
        // RFC 4231 test case 1: key 0x0b x 20, data "Hi There"
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b", new Pseudonyms("\u000b".repeat(20)).of("Hi There"));
        assertNull(new Pseudonyms("a key of sixteen+").of(null));
    }

    @Test
    void agesComeFromPatientAgeElseFromTheDates() {
        assertEquals(63, AgeAtStudy.years("063Y", "19000101", "20200101"));
        assertEquals(0.5, AgeAtStudy.years("006M", null, null));
        assertEquals(70 / 365.2425, AgeAtStudy.years("010W", null, null), 1e-12);
        assertEquals(3 / 365.2425, AgeAtStudy.years("003D", null, null), 1e-12);
        // 1960-01-01 to 2020-01-01: 60 years of 365 days and 15 leap days
        assertEquals(21915 / 365.2425, AgeAtStudy.years(null, "19600101", "20200101"), 1e-12);
        assertEquals(21915 / 365.2425, AgeAtStudy.years("", "1960.01.01", "20200101"), 1e-12);
        assertNull(AgeAtStudy.years("abc", "20200102", "20200101"), "born after the study");
        assertNull(AgeAtStudy.years(null, null, "20200101"));
    }

    /** A header past the first 64 KB is read whole; text is not DICOM; a header cut short is unreadable. */
    @Test
    void headersAreReadFromTheFirstBytesAndWholeOnlyWhenTheyRunOn() throws IOException {
        String longText = "x".repeat(40_000);
        byte[] big = new DicomWriter().text(DicomTag.MODALITY, "CT").text(DicomTag.SERIES_DESCRIPTION, longText)
                .text(DicomTag.MANUFACTURER, longText).unsignedShort(DicomTag.ROWS, 512).toBytes(new short[4]);
        List<Integer> asked = new ArrayList<>();
        HeaderReader.Outcome o = HeaderReader.read("/f/big", "/f", big.length, n -> {
            asked.add(n);
            return Arrays.copyOf(big, n);
        });
        assertEquals(512, assertInstanceOf(HeaderReader.Header.class, o).header().rows());
        assertEquals(List.of(HeaderReader.PREFIX_BYTES, big.length), asked);
        byte[] small = new DicomWriter().text(DicomTag.MODALITY, "CT").toBytes(new short[1 << 16]);
        asked.clear();
        HeaderReader.read("/f/small", "/f", small.length, n -> {
            asked.add(n);
            return Arrays.copyOf(small, n);
        });
        assertEquals(List.of(HeaderReader.PREFIX_BYTES), asked, "a short header: the prefix alone");
        byte[] text = "patient list, not an image\n".repeat(10).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertInstanceOf(HeaderReader.NotDicom.class, HeaderReader.read("/f/t", "/f", text.length, n -> Arrays.copyOf(text, n)));
        byte[] cut = Arrays.copyOf(big, 40_100);
        HeaderReader.Outcome bad = HeaderReader.read("/f/cut", "/f", cut.length, n -> Arrays.copyOf(cut, n));
        assertTrue(assertInstanceOf(HeaderReader.Unreadable.class, bad).reason().contains("truncated"), bad.toString());
        Function<byte[], Boolean> found = b -> assertInstanceOf(HeaderReader.Header.class,
                uncheckedRead(b)).header().pixelData();
        assertTrue(found.apply(small));
    }

    private static HeaderReader.Outcome uncheckedRead(byte[] b) {
        try {
            return HeaderReader.read("/f/x", "/f", b.length, n -> Arrays.copyOf(b, n));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
