package org.cohortseg.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RLE and JPEG lossless frames of the dcmtk-made fixtures decode to the stored values of the
 * uncompressed file they were made from, and damaged frames fail with what is wrong (whole series
 * against dcm2niix: {@link DicomSeriesReaderTest}).
 */
class CompressedFramesTest {
    private static final Path SERIES = CohortsegHome.resolve("test-resources/golden/dicom/series");

    private static DicomFile file(String series) throws Exception {
        Path p = SERIES.resolve(series).resolve("IM0007");
        return DicomFileParser.parse(Files.readAllBytes(p), p.toString(), true);
    }

    private static byte[] frame(DicomFile f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((PixelData.Encapsulated) f.pixels().orElseThrow()).fragments().forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static short[] uncompressed() throws Exception {
        DicomFile f = file("explicit_le");
        return FrameDecoder.decode(f, FrameFormat.of(f.attributes()), 1, 0);
    }

    @Test
    void rleJpegLsAndEveryJpegPredictorGiveTheStoredValues() throws Exception {
        short[] expected = uncompressed();
        for (String series : new String[] {"rle", "jpeg_lossless_sv1", "jpeg_lossless_sv2", "jpeg_lossless_sv3",
            "jpeg_lossless_sv4", "jpeg_lossless_sv5", "jpeg_lossless_sv6", "jpeg_lossless_sv7", "jpeg_ls"}) {
            DicomFile f = file(series);
            assertArrayEquals(expected, FrameDecoder.decode(f, FrameFormat.of(f.attributes()), 1, 0), series);
        }
    }

    @Test
    void damagedRleFramesAreRefused() throws Exception {
        DicomFile f = file("rle");
        FrameFormat format = FrameFormat.of(f.attributes());
        byte[] frame = frame(f);
        assertRefused("decodes to", () -> RleFrame.decode(Arrays.copyOf(frame, frame.length - 40), format, "t"));
        byte[] threeSegments = frame.clone();
        threeSegments[0] = 3;
        assertRefused("has 3 segments", () -> RleFrame.decode(threeSegments, format, "t"));
        byte[] outside = frame.clone();
        outside[8] = (byte) 0xFF;
        outside[9] = (byte) 0xFF;
        assertRefused("RLE segment 2 starts at", () -> RleFrame.decode(outside, format, "t"));
        assertRefused("shorter than its 64-byte header", () -> RleFrame.decode(new byte[10], format, "t"));
    }

    /** A damaged slice fails its series with the slice's reason, whichever thread decoded it. */
    @Test
    void aDamagedSliceFailsItsSeries(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("rle"));
        try (var files = Files.list(SERIES.resolve("rle"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, folder.resolve(p.getFileName()));
            }
        }
        byte[] bytes = Files.readAllBytes(folder.resolve("IM0005"));
        byte[] header = {2, 0, 0, 0, 64, 0, 0, 0};
        int at = -1;
        for (int i = 0; at < 0 && i + header.length <= bytes.length; i++) {
            at = Arrays.equals(bytes, i, i + header.length, header, 0, header.length) ? i : -1;
        }
        assertTrue(at > 0, "no RLE header in IM0005");
        bytes[at] = 3;
        Files.write(folder.resolve("IM0005"), bytes);
        DicomException e = assertThrows(DicomException.class,
                () -> new DicomSeriesReader(new org.cohortseg.concurrency.Parallel(2), GantryTilt.CORRECT).read(folder));
        assertTrue(e.getMessage().contains("IM0005") && e.getMessage().contains("has 3 segments"), e.getMessage());
    }

    @Test
    void damagedJpegFramesAreRefused() throws Exception {
        DicomFile f = file("jpeg_lossless_sv1");
        FrameFormat format = FrameFormat.of(f.attributes());
        byte[] frame = frame(f);
        assertRefused("the scan ends before", () -> JpegLosslessFrame.decode(Arrays.copyOf(frame, frame.length / 2), format, "t"));
        byte[] baseline = frame.clone();
        baseline[indexOf(frame, 0xC3)] = (byte) 0xC0;
        assertRefused("SOF0 frame", () -> JpegLosslessFrame.decode(baseline, format, "t"));
        byte[] restarts = new byte[frame.length + 6];
        restarts[0] = (byte) 0xFF;
        restarts[1] = (byte) 0xD8;
        byte[] dri = {(byte) 0xFF, (byte) 0xDD, 0, 4, 0, 20};
        System.arraycopy(dri, 0, restarts, 2, 6);
        System.arraycopy(frame, 2, restarts, 8, frame.length - 2);
        assertRefused("restart intervals are not supported", () -> JpegLosslessFrame.decode(restarts, format, "t"));
        assertRefused("no JPEG lossless start of image", () -> JpegLosslessFrame.decode(new byte[] {1, 2, 3}, format, "t"));
    }

    @Test
    void damagedJpegLsFramesAreRefused() throws Exception {
        DicomFile f = file("jpeg_ls");
        FrameFormat format = FrameFormat.of(f.attributes());
        byte[] frame = frame(f);
        assertRefused("the scan ends before", () -> JpegLsFrame.decode(Arrays.copyOf(frame, frame.length / 2), format, "t"));
        byte[] otherSize = frame.clone();
        otherSize[indexOf(frame, 0xF7) + 6] ^= 1; // the SOF55 line count
        assertRefused("the header says", () -> JpegLsFrame.decode(otherSize, format, "t"));
        assertRefused("no JPEG-LS start of image", () -> JpegLsFrame.decode(new byte[] {1, 2, 3}, format, "t"));
    }

    /** Index of the marker byte {@code marker} that follows an 0xFF. */
    private static int indexOf(byte[] data, int marker) {
        for (int i = 1; i < data.length; i++) {
            if ((data[i - 1] & 0xFF) == 0xFF && (data[i] & 0xFF) == marker) {
                return i;
            }
        }
        throw new AssertionError("no marker " + Integer.toHexString(marker));
    }

    private static void assertRefused(String why, org.junit.jupiter.api.function.Executable decode) {
        DicomException e = assertThrows(DicomException.class, decode);
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
