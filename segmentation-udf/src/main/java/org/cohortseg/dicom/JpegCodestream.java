package org.cohortseg.dicom;

/**
 * The segments of a JPEG or JPEG-LS codestream (T.81 annex B, T.87 annex D): markers, segment
 * lengths checked against the data, and the frame header of one grey-scale component checked
 * against the DICOM header; the entropy-coded data are the decoders' own.
 */
final class JpegCodestream {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;

    private final byte[] data;
    private final String source;
    private final String codec;
    private int pos;

    /** A marker segment: its marker and where it ends (the reader stands after its length). */
    record Segment(int marker, int end) {
    }

    /**
     * @param codec how errors name the frame ("JPEG lossless", "JPEG-LS")
     * @throws DicomException when the data do not start with a start-of-image marker
     */
    JpegCodestream(byte[] data, String source, String codec) throws DicomException {
        this.data = data;
        this.source = source;
        this.codec = codec;
        if (u8() != 0xFF || u8() != SOI) {
            throw corrupt("no " + codec + " start of image");
        }
    }

    /** The next marker segment (fill bytes and anything between segments are passed over). */
    Segment next() throws DicomException {
        while (pos < data.length - 1) {
            int b = data[pos + 1] & 0xFF;
            if ((data[pos] & 0xFF) == 0xFF && b != 0xFF && b != 0) {
                pos += 2;
                if (b == EOI) {
                    throw corrupt("end of image before a scan");
                }
                int length = u16();
                int end = pos + length - 2;
                if (length < 2 || end > data.length) {
                    throw corrupt("segment FF" + Integer.toHexString(b).toUpperCase() + " of " + length
                            + " bytes runs past the data");
                }
                return new Segment(b, end);
            }
            pos++;
        }
        throw corrupt("no scan");
    }

    /** Continues after {@code segment}. */
    void skip(Segment segment) {
        pos = segment.end();
    }

    /** Where the reader stands. */
    int position() {
        return pos;
    }

    /**
     * Reads a frame header (after its length): one component, the DICOM header's rows and columns.
     *
     * @return the sample precision in bits (2 to 16)
     */
    int frameHeader(FrameFormat format) throws DicomException {
        int precision = u8();
        int lines = u16();
        int columns = u16();
        int components = u8();
        if (components != 1) {
            throw corrupt(components + " components: only grey-scale frames are read");
        }
        if (precision < 2 || precision > 16 || lines != format.rows() || columns != format.columns()) {
            throw corrupt("frame of " + columns + "x" + lines + " at " + precision + " bits, the header says "
                    + format.columns() + "x" + format.rows());
        }
        return precision;
    }

    /** Refuses the frame header {@code marker} of another JPEG process, saying what was expected. */
    void refuseOtherFrame(int marker, String expected) throws DicomException {
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            throw corrupt("SOF" + (marker - 0xC0) + " frame: " + expected);
        }
    }

    int u8() throws DicomException {
        if (pos >= data.length) {
            throw corrupt("the data ends inside a header");
        }
        return data[pos++] & 0xFF;
    }

    int u16() throws DicomException {
        return u8() << 8 | u8();
    }

    DicomException corrupt(String why) {
        return new DicomException(source, codec + " frame: " + why);
    }

    /** Decoded samples as stored values ({@link FrameFormat#storedValue}): the codestream holds bit patterns only. */
    static short[] storedValues(int[] samples, FrameFormat format) {
        short[] out = new short[samples.length];
        boolean bitsOnly = !format.isPlain() || format.signed();
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) (bitsOnly ? format.storedValue(samples[i]) : samples[i]);
        }
        return out;
    }
}
