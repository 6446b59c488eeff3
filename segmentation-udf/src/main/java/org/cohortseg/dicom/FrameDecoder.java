package org.cohortseg.dicom;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferShort;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one frame of a file's pixel data into its stored values ({@link FrameFormat#storedValue}),
 * 16 bits each (unsigned values above 32767 keep their bits). Native data in either byte order, RLE
 * ({@link RleFrame}), JPEG lossless ({@link JpegLosslessFrame}), JPEG-LS lossless and near-lossless
 * ({@link JpegLsFrame}) and JPEG 2000 (through jai-imageio's JJ2000 decoder, lossless and lossy) are
 * decoded; other codecs are an {@link UnsupportedTransferSyntaxException}.
 */
public final class FrameDecoder {
    private FrameDecoder() {
    }

    /** Frame {@code frame} (0-based) of {@code file}'s {@code frames}, {@code format.samples()} values. */
    public static short[] decode(DicomFile file, FrameFormat format, int frames, int frame) throws DicomException {
        String source = file.attributes().source();
        PixelData pixels = file.pixels().orElseThrow(() -> new DicomException(source, "no pixel data"));
        return switch (file.syntax().codec()) {
            case NATIVE -> nativeFrame((PixelData.Native) pixels, format, frame, file.syntax().order(), source);
            case RLE -> RleFrame.decode(frameBytes((PixelData.Encapsulated) pixels, frames, frame, source), format, source);
            case JPEG_LOSSLESS -> JpegLosslessFrame.decode(frameBytes((PixelData.Encapsulated) pixels, frames, frame, source),
                    format, source);
            case JPEG_LS -> JpegLsFrame.decode(frameBytes((PixelData.Encapsulated) pixels, frames, frame, source), format, source);
            case JPEG_2000 -> jpeg2000Frame(frameBytes((PixelData.Encapsulated) pixels, frames, frame, source), format, source);
            default -> throw new UnsupportedTransferSyntaxException(source, file.syntaxUid());
        };
    }

    private static short[] nativeFrame(PixelData.Native pixels, FrameFormat format, int frame, ByteOrder order, String source)
            throws DicomException {
        int bytesPerSample = format.bitsAllocated() / 8;
        long frameBytes = (long) format.samples() * bytesPerSample;
        long end = (frame + 1) * frameBytes;
        if (end > pixels.length()) {
            throw new DicomException(source, "pixel data holds " + pixels.length() + " bytes, frame " + frame + " of "
                    + format.rows() + "x" + format.columns() + "x" + format.bitsAllocated() + " bits needs " + end);
        }
        ByteBuffer b = ByteBuffer.wrap(pixels.bytes(), pixels.offset(), pixels.length()).order(order);
        b.position(pixels.offset() + (int) (frame * frameBytes));
        short[] out = new short[format.samples()];
        if (bytesPerSample == 2) {
            b.asShortBuffer().get(out); // bulk, in the dataset's byte order
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = b.get();
            }
        }
        if (!format.isPlain()) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) format.storedValue(bytesPerSample == 2 ? out[i] & 0xFFFF : out[i] & 0xFF);
            }
        }
        return out;
    }

    /**
     * The bytes of one frame: a single frame is all fragments; several take theirs from the offset
     * table, or one fragment each when the writer left the table empty.
     */
    private static byte[] frameBytes(PixelData.Encapsulated pixels, int frames, int frame, String source) throws DicomException {
        List<byte[]> fragments = pixels.fragments();
        long[] offsets = pixels.frameOffsets();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (frames == 1) {
            fragments.forEach(out::writeBytes);
        } else if (offsets.length == frames) {
            long position = 0;
            for (byte[] fragment : fragments) {
                if (position >= offsets[frame] && (frame + 1 == frames || position < offsets[frame + 1])) {
                    out.writeBytes(fragment);
                }
                position += 8 + fragment.length; // offsets count each fragment's item header
            }
        } else if (fragments.size() == frames) {
            out.writeBytes(fragments.get(frame));
        } else {
            throw new DicomException(source, fragments.size() + " fragments for " + frames + " frames and an offset table of "
                    + offsets.length);
        }
        return out.toByteArray();
    }

    private static short[] jpeg2000Frame(byte[] codestream, FrameFormat format, String source) throws DicomException {
        ImageReader reader = null;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(codestream))) {
            reader = new J2KImageReaderSpi().createReaderInstance(); // the SPI itself: no ImageIO registry in executors
            reader.setInput(in);
            Raster raster = reader.readRaster(0, null);
            if (raster.getWidth() != format.columns() || raster.getHeight() != format.rows() || raster.getNumBands() != 1) {
                throw new DicomException(source, "JPEG 2000 frame is " + raster.getWidth() + "x" + raster.getHeight() + "x"
                        + raster.getNumBands() + ", the header says " + format.columns() + "x" + format.rows() + "x1");
            }
            return samples(raster, format, source);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DicomException d) {
                throw d;
            }
            throw new DicomException(source, "corrupt JPEG 2000 frame: " + e.getMessage(), e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    private static short[] samples(Raster raster, FrameFormat format, String source) throws DicomException {
        DataBuffer data = raster.getDataBuffer();
        short[] out = new short[format.samples()];
        if (data instanceof DataBufferUShort u) {
            System.arraycopy(u.getData(), 0, out, 0, out.length);
        } else if (data instanceof DataBufferShort s) {
            System.arraycopy(s.getData(), 0, out, 0, out.length);
        } else {
            int[] values = raster.getSamples(0, 0, format.columns(), format.rows(), 0, (int[]) null);
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) values[i];
            }
        }
        if (format.signed() && data instanceof DataBufferUShort) {
            throw new DicomException(source, "JPEG 2000 frame decoded unsigned, the header says signed");
        }
        return out;
    }
}
