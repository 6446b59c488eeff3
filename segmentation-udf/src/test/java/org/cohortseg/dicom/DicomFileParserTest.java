package org.cohortseg.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.Test;

/** The parser on the fixtures of test-resources/golden/dicom and on broken bytes: a specific error each. */
class DicomFileParserTest {
    private static final Path SERIES = CohortsegHome.resolve("test-resources/golden/dicom/series");

    private static byte[] slice(String series) throws Exception {
        return Files.readAllBytes(SERIES.resolve(series).resolve("IM0000"));
    }

    @Test
    void readsTheHeaderValuesPydicomWrote() throws Exception {
        DicomFile f = DicomFileParser.parse(slice("explicit_be"), "be", false);
        assertEquals(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, f.syntax());
        DicomAttributes a = f.attributes();
        assertEquals(20, a.requiredUnsignedShort(DicomTag.ROWS));
        assertEquals(24, a.requiredUnsignedShort(DicomTag.COLUMNS));
        assertEquals(12, a.requiredUnsignedShort(DicomTag.BITS_STORED));
        assertEquals("[0.8, 0.7]", Arrays.toString(a.numbers(DicomTag.PIXEL_SPACING, 2)));
        assertEquals("[-10.0, -20.0, -100.0]", Arrays.toString(a.numbers(DicomTag.IMAGE_POSITION_PATIENT, 3)));
        assertEquals(-1024.0, a.number(DicomTag.RESCALE_INTERCEPT).orElseThrow());
        assertEquals("CT", a.text(DicomTag.MODALITY).orElseThrow());
        assertEquals("[ORIGINAL, PRIMARY, AXIAL]", Arrays.toString(a.texts(DicomTag.IMAGE_TYPE)));
        assertFalse(f.pixels().isPresent(), "a header-only parse stops before the pixels");
    }

    @Test
    void everyEncodingKeepsTheSameValues() throws Exception {
        for (String series : new String[] {"implicit_le", "deflated", "undefined_lengths", "jpeg2000"}) {
            DicomAttributes a = DicomFileParser.parse(slice(series), series, true).attributes();
            assertEquals("[-10.0, -20.0, -100.0]", Arrays.toString(a.numbers(DicomTag.IMAGE_POSITION_PATIENT, 3)), series);
            assertEquals(24, a.requiredUnsignedShort(DicomTag.COLUMNS), series);
        }
    }

    @Test
    void brokenBytesSayWhatIsWrong() throws Exception {
        assertThrows(NotDicomException.class, () -> DicomFileParser.parse("hello, not an image".repeat(20).getBytes(), "t", true));
        byte[] good = slice("explicit_le");
        DicomException cut = assertThrows(DicomException.class, () -> DicomFileParser.parse(Arrays.copyOf(good, good.length - 100), "cut", true));
        assertTrue(cut.getMessage().startsWith("cut: truncated: (7FE0,0010) declares 960 bytes"), cut.getMessage());
        DicomException inHeader = assertThrows(DicomException.class, () -> DicomFileParser.parse(Arrays.copyOf(good, 300), "short", true));
        assertTrue(inHeader.getMessage().contains("truncated"), inHeader.getMessage());
    }

    @Test
    void storedValuesAreMaskedAndSignExtended() {
        FrameFormat unsigned12 = new FrameFormat(1, 1, 16, 12, 11, false);
        assertEquals(0xFFF, unsigned12.storedValue(0xFFFF), "bits above the high bit are not the value's");
        FrameFormat signed12 = new FrameFormat(1, 1, 16, 12, 11, true);
        assertEquals(-1, signed12.storedValue(0x0FFF));
        assertEquals(2047, signed12.storedValue(0x07FF));
        FrameFormat shifted = new FrameFormat(1, 1, 16, 12, 15, false);
        assertEquals(0xABC, shifted.storedValue(0xABC0), "a high bit of 15 puts the value in the top bits");
    }
}
