package org.cohortseg.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.Test;

/** Pixel padding becomes the stored value of -1024 HU, within the stored range (whole series: {@link DicomSeriesReaderTest}). */
class PixelPaddingTest {
    private static final FrameFormat UNSIGNED_12 = new FrameFormat(1, 6, 16, 12, 11, false);
    private static final FrameFormat SIGNED_16 = new FrameFormat(1, 6, 16, 16, 15, true);

    @Test
    void aSignedPaddingValueIsReadInTheStoredRepresentation() throws Exception {
        Path p = CohortsegHome.resolve("test-resources/golden/dicom/series/padded/IM0000");
        DicomFile f = DicomFileParser.parse(Files.readAllBytes(p), p.toString(), false);
        assertEquals(Optional.of(new PixelPadding(-2000, -2000)), PixelPadding.of(f.attributes(), FrameFormat.of(f.attributes())));
        Path plain = CohortsegHome.resolve("test-resources/golden/dicom/series/signed/IM0000");
        DicomFile g = DicomFileParser.parse(Files.readAllBytes(plain), plain.toString(), false);
        assertEquals(Optional.empty(), PixelPadding.of(g.attributes(), FrameFormat.of(g.attributes())));
    }

    @Test
    void aPaddingRangeBecomesAir() {
        short[] frame = {0, 5, 10, 11, 1024, 4095};
        new PixelPadding(0, 10).toAir(frame, UNSIGNED_12, 1, -1024);
        assertArrayEquals(new short[] {0, 0, 0, 11, 1024, 4095}, frame);
    }

    @Test
    void airOutsideTheStoredRangeIsItsNearestEnd() {
        short[] unsigned = {4095, 7, 4095};
        new PixelPadding(4095, 4095).toAir(unsigned, UNSIGNED_12, 1, 0); // -1024 HU would be stored as -1024
        assertArrayEquals(new short[] {0, 7, 0}, unsigned);
        short[] signed = {-3024, 12, (short) 40000};
        new PixelPadding(-3024, -3024).toAir(signed, SIGNED_16, 2, -24); // (-1024 + 24) / 2
        assertArrayEquals(new short[] {-500, 12, (short) 40000}, signed);
    }
}
