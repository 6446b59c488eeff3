package org.cohortseg.dicom;

/**
 * Frames in JPEG lossless, process 14 (ITU-T T.81 annex H; DICOM 1.2.840.10008.1.2.4.57 and .70):
 * one grey-scale component of 2 to 16 bits, Huffman-coded differences from any of the seven
 * predictors, with a point transform. Restart intervals are refused (no writer of CT series we
 * know of uses them, and none of the references here can make one to test against).
 *
 * <p>Written here rather than taken from a library: TwelveMonkeys' decoder (imageio-jpeg 3.14.0)
 * loses the last pixel of some frames coded with predictors 6 and 7, which dcmtk and gdcm decode.
 */
final class JpegLosslessFrame {
    private static final int SOF3 = 0xC3;
    private static final int DHT = 0xC4;
    private static final int SOS = 0xDA;
    private static final int DRI = 0xDD;

    private final JpegCodestream stream;
    private final byte[] data;
    private final HuffmanTable[] tables = new HuffmanTable[4];
    private int precision;
    private final int lines;
    private final int columns;

    private JpegLosslessFrame(byte[] data, FrameFormat format, String source) throws DicomException {
        this.stream = new JpegCodestream(data, source, "JPEG lossless");
        this.data = data;
        this.lines = format.rows(); // the frame header must agree (JpegCodestream.frameHeader)
        this.columns = format.columns();
    }

    /** The stored values ({@link FrameFormat#storedValue}) of one frame's bytes. */
    static short[] decode(byte[] frame, FrameFormat format, String source) throws DicomException {
        return JpegCodestream.storedValues(new JpegLosslessFrame(frame, format, source).decode(format), format);
    }

    private int[] decode(FrameFormat format) throws DicomException {
        while (true) {
            JpegCodestream.Segment segment = stream.next();
            switch (segment.marker()) {
                case SOF3 -> {
                    precision = stream.frameHeader(format);
                }
                case DHT -> huffmanTables(segment.end());
                case DRI -> {
                    if (stream.u16() != 0) {
                        throw stream.corrupt("restart intervals are not supported");
                    }
                }
                case SOS -> {
                    return scan(segment);
                }
                default -> stream.refuseOtherFrame(segment.marker(), "only lossless process 14 (SOF3) is JPEG lossless");
            }
            stream.skip(segment);
        }
    }

    private void huffmanTables(int end) throws DicomException {
        while (stream.position() < end) {
            int classAndId = stream.u8();
            int id = classAndId & 0x0F;
            if ((classAndId >> 4) != 0 || id > 3) {
                throw stream.corrupt("Huffman table class " + (classAndId >> 4) + " id " + id + " in a lossless frame");
            }
            int[] counts = new int[17];
            int total = 0;
            for (int length = 1; length <= 16; length++) {
                counts[length] = stream.u8();
                total += counts[length];
            }
            if (total > 17 || stream.position() + total > end) {
                throw stream.corrupt("Huffman table " + id + " declares " + total + " codes");
            }
            int[] values = new int[total];
            for (int i = 0; i < total; i++) {
                values[i] = stream.u8();
                if (values[i] > 16) {
                    throw stream.corrupt("Huffman table " + id + " codes a difference of " + values[i] + " bits");
                }
            }
            tables[id] = new HuffmanTable(counts, values);
        }
    }

    private int[] scan(JpegCodestream.Segment header) throws DicomException {
        if (precision == 0) {
            throw stream.corrupt("scan before the SOF3 frame header");
        }
        if (stream.u8() != 1) {
            throw stream.corrupt("a scan of several components");
        }
        stream.u8(); // component id: the only one
        HuffmanTable table = tables[stream.u8() >> 4];
        int predictor = stream.u8();
        stream.u8(); // end of spectral selection: unused in lossless
        int pointTransform = stream.u8() & 0x0F;
        if (table == null) {
            throw stream.corrupt("the scan's Huffman table is not defined");
        }
        if (predictor < 1 || predictor > 7 || pointTransform >= precision) {
            throw stream.corrupt("predictor " + predictor + ", point transform " + pointTransform);
        }
        BitReader bits = new BitReader(data, header.end());
        int mask = 0xFFFF;
        int[] rows = new int[lines * columns]; // values before the point transform is undone
        for (int y = 0; y < lines; y++) {
            int row = y * columns;
            for (int x = 0; x < columns; x++) {
                int prediction;
                if (y == 0) {
                    prediction = x == 0 ? 1 << (precision - pointTransform - 1) : rows[row + x - 1];
                } else if (x == 0) {
                    prediction = rows[row - columns];
                } else {
                    prediction = predict(predictor, rows[row + x - 1], rows[row - columns + x], rows[row - columns + x - 1]);
                }
                rows[row + x] = (prediction + difference(bits, table)) & mask;
            }
        }
        if (bits.overran()) {
            throw stream.corrupt("the scan ends before its " + lines * columns + " samples");
        }
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (rows[i] << pointTransform) & mask;
        }
        return rows;
    }

    private static int predict(int predictor, int a, int b, int c) {
        return switch (predictor) {
            case 1 -> a;
            case 2 -> b;
            case 3 -> c;
            case 4 -> a + b - c;
            case 5 -> a + ((b - c) >> 1);
            case 6 -> b + ((a - c) >> 1);
            default -> (a + b) >> 1;
        };
    }

    /** One coded difference (T.81 H.1.2.2: a category, then that many bits; category 16 is 32768). */
    private int difference(BitReader bits, HuffmanTable table) throws DicomException {
        int category = table.decode(bits);
        if (category < 0) {
            throw stream.corrupt("a code that is not in the Huffman table");
        }
        if (category == 0) {
            return 0;
        }
        if (category == 16) {
            return 32768;
        }
        int v = bits.read(category);
        return v < 1 << (category - 1) ? v - (1 << category) + 1 : v;
    }

    /** Canonical Huffman codes (T.81 annex C) with a lookup table for codes of up to 9 bits. */
    private static final class HuffmanTable {
        private static final int FAST_BITS = 9;
        private final int[] maxCode = new int[18];
        private final int[] valueOffset = new int[17];
        private final int[] values;
        /** (length << 8 | value) of each FAST_BITS-bit prefix whose code is that short, else 0. */
        private final int[] fast = new int[1 << FAST_BITS];

        HuffmanTable(int[] counts, int[] values) {
            this.values = values;
            int code = 0;
            int k = 0;
            for (int length = 1; length <= 16; length++) {
                valueOffset[length] = k - code;
                for (int i = 0; i < counts[length]; i++, k++, code++) {
                    if (length <= FAST_BITS) {
                        int shift = FAST_BITS - length;
                        for (int fill = 0; fill < 1 << shift; fill++) {
                            fast[(code << shift) | fill] = length << 8 | values[k];
                        }
                    }
                }
                maxCode[length] = counts[length] > 0 ? code - 1 : -1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }

        /** The value of the next code, or -1 when the bits are no code of this table. */
        int decode(BitReader bits) {
            int entry = fast[bits.peek(FAST_BITS)];
            if (entry != 0) {
                bits.skip(entry >> 8);
                return entry & 0xFF;
            }
            int code = 0;
            for (int length = 1; length <= 16; length++) {
                code = code << 1 | bits.read(1);
                if (code <= maxCode[length] && maxCode[length] >= 0) {
                    return values[valueOffset[length] + code];
                }
            }
            return -1;
        }
    }

    /**
     * Bits of the entropy-coded data, most significant first, with stuffed zero bytes after 0xFF
     * removed. At a marker it gives zero bits and remembers that it ran past the data.
     */
    private static final class BitReader {
        private final byte[] data;
        private int pos;
        private long buffer;
        private int count;
        private boolean atMarker;
        private int pastEnd;

        BitReader(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        private void fill(int need) {
            while (count < need) {
                int b = 0;
                if (!atMarker && pos < data.length) {
                    b = data[pos] & 0xFF;
                    if (b == 0xFF) {
                        int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : -1;
                        if (next == 0) {
                            pos += 2;
                        } else {
                            atMarker = true;
                            b = 0;
                        }
                    } else {
                        pos++;
                    }
                } else {
                    atMarker = true;
                }
                if (atMarker) {
                    pastEnd += 8;
                }
                buffer = buffer << 8 | b;
                count += 8;
            }
        }

        int peek(int n) {
            fill(n);
            return (int) (buffer >>> (count - n)) & ((1 << n) - 1);
        }

        void skip(int n) {
            count -= n;
        }

        int read(int n) {
            int v = peek(n);
            count -= n;
            return v;
        }

        /** Whether bits were taken from beyond the entropy-coded data (the padding bits of its last byte aside). */
        boolean overran() {
            return pastEnd - count > 0;
        }
    }
}
