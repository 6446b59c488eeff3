package org.cohortseg.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Frames in DICOM's RLE Lossless syntax (PS3.5 annex G): a 64-byte header with the number of
 * segments and their offsets, then one segment per byte of a sample, most significant byte first,
 * each a PackBits run of that byte of every pixel. Every offset and run is checked against the
 * frame's bytes and the pixel count before it is followed.
 */
final class RleFrame {
    private static final int HEADER_BYTES = 64;

    private RleFrame() {
    }

    /** The stored values ({@link FrameFormat#storedValue}) of one frame's bytes. */
    static short[] decode(byte[] frame, FrameFormat format, String source) throws DicomException {
        int bytesPerSample = format.bitsAllocated() / 8;
        int pixels = format.samples();
        int[] offsets = segmentOffsets(frame, bytesPerSample, source);
        short[] out = new short[pixels];
        byte[] plane = new byte[pixels];
        for (int s = 0; s < bytesPerSample; s++) {
            int end = s + 1 < bytesPerSample ? offsets[s + 1] : frame.length;
            unpack(frame, offsets[s], end, plane, s, source);
            int shift = 8 * (bytesPerSample - 1 - s);
            for (int i = 0; i < pixels; i++) {
                out[i] |= (short) ((plane[i] & 0xFF) << shift);
            }
        }
        if (!format.isPlain()) {
            int mask = bytesPerSample == 2 ? 0xFFFF : 0xFF;
            for (int i = 0; i < pixels; i++) {
                out[i] = (short) format.storedValue(out[i] & mask);
            }
        }
        return out;
    }

    private static int[] segmentOffsets(byte[] frame, int bytesPerSample, String source) throws DicomException {
        if (frame.length < HEADER_BYTES) {
            throw new DicomException(source, "RLE frame of " + frame.length + " bytes is shorter than its 64-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(frame, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int segments = header.getInt();
        if (segments != bytesPerSample) {
            throw new DicomException(source, "RLE frame has " + segments + " segments, " + bytesPerSample * 8
                    + "-bit grey-scale samples need " + bytesPerSample);
        }
        int[] offsets = new int[segments];
        for (int s = 0; s < segments; s++) {
            long offset = header.getInt(4 + 4 * s) & 0xFFFFFFFFL;
            long previous = s == 0 ? HEADER_BYTES - 1 : offsets[s - 1];
            if (offset <= previous || offset >= frame.length) {
                throw new DicomException(source, "RLE segment " + (s + 1) + " starts at " + offset + ", outside "
                        + (previous + 1) + ".." + (frame.length - 1));
            }
            offsets[s] = (int) offset;
        }
        return offsets;
    }

    /** PackBits from {@code frame[from..end)} into all of {@code plane}; a trailing pad byte is allowed. */
    private static void unpack(byte[] frame, int from, int end, byte[] plane, int segment, String source)
            throws DicomException {
        int in = from;
        int out = 0;
        while (out < plane.length && in < end) {
            int n = frame[in++];
            if (n >= 0) { // n + 1 literal bytes
                int count = n + 1;
                if (in + count > end || out + count > plane.length) {
                    throw overrun(source, segment, out, count, plane.length);
                }
                System.arraycopy(frame, in, plane, out, count);
                in += count;
                out += count;
            } else if (n != -128) { // the next byte, 1 - n times
                int count = 1 - n;
                if (in >= end || out + count > plane.length) {
                    throw overrun(source, segment, out, count, plane.length);
                }
                Arrays.fill(plane, out, out + count, frame[in++]);
                out += count;
            }
        }
        if (out < plane.length) {
            throw new DicomException(source, "RLE segment " + (segment + 1) + " decodes to " + out + " of "
                    + plane.length + " pixels");
        }
    }

    private static DicomException overrun(String source, int segment, int at, int count, int pixels) {
        return new DicomException(source, "RLE segment " + (segment + 1) + " runs past its end: " + count
                + " bytes at pixel " + at + " of " + pixels);
    }
}
