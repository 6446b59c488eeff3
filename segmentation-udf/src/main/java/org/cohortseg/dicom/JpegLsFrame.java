package org.cohortseg.dicom;

import java.util.Arrays;

/**
 * Frames in JPEG-LS (ITU-T T.87; DICOM 1.2.840.10008.1.2.4.80 lossless and .81 near-lossless): one
 * grey-scale component of 2 to 16 bits, decoded with the standard's context model (365 regular
 * contexts with bias correction, 2 run-interruption contexts), limited-length Golomb codes and run
 * mode, preset parameters from an LSE segment or the standard's defaults. A point transform and
 * mapping tables are refused.
 */
final class JpegLsFrame {
    private static final int SOF55 = 0xF7;
    private static final int LSE = 0xF8;
    private static final int SOS = 0xDA;
    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11,
        12, 13, 14, 15};

    private final JpegCodestream stream;
    private final byte[] data;
    private int precision;
    private final int lines;
    private final int columns;
    private int maxVal;
    private int t1;
    private int t2;
    private int t3;
    private int reset = 64;

    // the coding state of one scan
    private int near;
    private int range;
    private int qbpp;
    private int limit;
    private final int[] a = new int[367];
    private final int[] b = new int[365];
    private final int[] c = new int[365];
    private final int[] n = new int[367];
    private final int[] nn = new int[2];
    private int runIndex;
    private BitReader bits;

    private JpegLsFrame(byte[] data, FrameFormat format, String source) throws DicomException {
        this.stream = new JpegCodestream(data, source, "JPEG-LS");
        this.data = data;
        this.lines = format.rows(); // the frame header must agree (JpegCodestream.frameHeader)
        this.columns = format.columns();
    }

    /** The stored values ({@link FrameFormat#storedValue}) of one frame's bytes. */
    static short[] decode(byte[] frame, FrameFormat format, String source) throws DicomException {
        return JpegCodestream.storedValues(new JpegLsFrame(frame, format, source).decode(format), format);
    }

    private int[] decode(FrameFormat format) throws DicomException {
        while (true) {
            JpegCodestream.Segment segment = stream.next();
            switch (segment.marker()) {
                case SOF55 -> {
                    precision = stream.frameHeader(format);
                    maxVal = (1 << precision) - 1;
                }
                case LSE -> presets();
                case SOS -> {
                    return scan(segment);
                }
                default -> stream.refuseOtherFrame(segment.marker(), "JPEG-LS frames are SOF55");
            }
            stream.skip(segment);
        }
    }

    /** An LSE segment of preset coding parameters (type 1); others (mapping tables) are refused. */
    private void presets() throws DicomException {
        int id = stream.u8();
        if (id != 1) {
            throw stream.corrupt("LSE segment of type " + id + " (mapping tables or oversize images) is not supported");
        }
        int max = stream.u16();
        t1 = stream.u16();
        t2 = stream.u16();
        t3 = stream.u16();
        int r = stream.u16();
        if (max != 0) {
            maxVal = max;
        }
        if (r != 0) {
            reset = r;
        }
    }

    private int[] scan(JpegCodestream.Segment header) throws DicomException {
        if (precision == 0) {
            throw stream.corrupt("scan before the SOF55 frame header");
        }
        if (stream.u8() != 1) {
            throw stream.corrupt("a scan of several components");
        }
        stream.u8(); // component id
        if (stream.u8() != 0) {
            throw stream.corrupt("mapping tables are not supported");
        }
        near = stream.u8();
        stream.u8(); // interleave mode: one component
        if ((stream.u8() & 0x0F) != 0) {
            throw stream.corrupt("a point transform is not supported");
        }
        if (near > Math.min(255, maxVal / 2)) {
            throw stream.corrupt("NEAR " + near + " for a maximum value of " + maxVal);
        }
        startCoding();
        bits = new BitReader(data, header.end());
        int[] previous = new int[columns + 2]; // [0] and [columns + 1] are the edges: index i + 1 is column i
        int[] current = new int[columns + 2];
        int[] out = new int[lines * columns];
        for (int y = 0; y < lines; y++) {
            int[] swap = previous;
            previous = current;
            current = swap;
            if (y == 0) {
                Arrays.fill(previous, 0);
            }
            previous[columns + 1] = previous[columns];
            current[0] = previous[1];
            decodeLine(previous, current);
            System.arraycopy(current, 1, out, y * columns, columns);
        }
        if (bits.overran()) {
            throw truncated();
        }
        return out;
    }

    /** The standard's default thresholds (C.2.4.1.1) where the LSE segment gave none, and the initial contexts. */
    private void startCoding() {
        int factor = (Math.min(maxVal, 4095) + 128) >> 8;
        if (t1 == 0) {
            t1 = maxVal >= 128 ? clamp(factor * (3 - 2) + 2 + 3 * near, near + 1, maxVal)
                    : clamp(Math.max(2, 3 / (256 / (maxVal + 1)) + 3 * near), near + 1, maxVal);
        }
        if (t2 == 0) {
            t2 = maxVal >= 128 ? clamp(factor * (7 - 3) + 3 + 5 * near, t1, maxVal)
                    : clamp(Math.max(3, 7 / (256 / (maxVal + 1)) + 5 * near), t1, maxVal);
        }
        if (t3 == 0) {
            t3 = maxVal >= 128 ? clamp(factor * (21 - 4) + 4 + 7 * near, t2, maxVal)
                    : clamp(Math.max(4, 21 / (256 / (maxVal + 1)) + 7 * near), t2, maxVal);
        }
        range = (maxVal + 2 * near) / (2 * near + 1) + 1;
        qbpp = 32 - Integer.numberOfLeadingZeros(range - 1);
        int bpp = Math.max(2, 32 - Integer.numberOfLeadingZeros(maxVal));
        limit = 2 * (bpp + Math.max(8, bpp));
        Arrays.fill(a, Math.max(2, (range + 32) >> 6));
        Arrays.fill(n, 1);
        runIndex = 0;
    }

    private static int clamp(int v, int low, int high) {
        return v > high || v < low ? low : v;
    }

    private void decodeLine(int[] previous, int[] current) throws DicomException {
        int x = 1;
        while (x <= columns) {
            int ra = current[x - 1];
            int rb = previous[x];
            int rc = previous[x - 1];
            int rd = previous[x + 1];
            int q = context(quantize(rd - rb), quantize(rb - rc), quantize(rc - ra));
            if (q == 0) {
                x += runMode(x, previous, current);
            } else {
                current[x] = regular(q, ra, rb, rc);
                x++;
            }
        }
    }

    private int quantize(int d) {
        if (d <= -t3) {
            return -4;
        } else if (d <= -t2) {
            return -3;
        } else if (d <= -t1) {
            return -2;
        } else if (d < -near) {
            return -1;
        } else if (d <= near) {
            return 0;
        } else if (d < t1) {
            return 1;
        } else if (d < t2) {
            return 2;
        } else if (d < t3) {
            return 3;
        }
        return 4;
    }

    private static int context(int q1, int q2, int q3) {
        return (q1 * 9 + q2) * 9 + q3;
    }

    /** A.4-A.6: one sample in regular mode. */
    private int regular(int signedContext, int ra, int rb, int rc) throws DicomException {
        int sign = signedContext < 0 ? -1 : 1;
        int q = signedContext * sign;
        int predicted;
        if (rc >= Math.max(ra, rb)) {
            predicted = Math.min(ra, rb);
        } else if (rc <= Math.min(ra, rb)) {
            predicted = Math.max(ra, rb);
        } else {
            predicted = ra + rb - rc;
        }
        predicted = Math.max(0, Math.min(maxVal, predicted + sign * c[q]));
        int k = 0;
        while ((n[q] << k) < a[q] && k < 16) {
            k++;
        }
        int mapped = golomb(k, limit);
        int error = (mapped & 1) == 0 ? mapped >> 1 : -((mapped + 1) >> 1);
        if (near == 0 && k == 0 && 2 * b[q] <= -n[q]) {
            error = -error - 1;
        }
        update(q, error);
        return reconstructed(predicted, sign * error);
    }

    private void update(int q, int error) {
        b[q] += error * (2 * near + 1);
        a[q] += Math.abs(error);
        if (n[q] == reset) {
            a[q] >>= 1;
            b[q] >>= 1;
            n[q] >>= 1;
        }
        n[q]++;
        if (b[q] + n[q] <= 0) {
            b[q] += n[q];
            if (b[q] <= -n[q]) {
                b[q] = -n[q] + 1;
            }
            if (c[q] > -128) {
                c[q]--;
            }
        } else if (b[q] > 0) {
            b[q] -= n[q];
            if (b[q] > 0) {
                b[q] = 0;
            }
            if (c[q] < 127) {
                c[q]++;
            }
        }
    }

    /** The sample {@code predicted} plus a quantised error, reduced modulo the range and clamped (A.4.4). */
    private int reconstructed(int predicted, int error) {
        int value = predicted + error * (2 * near + 1);
        if (value < -near) {
            value += range * (2 * near + 1);
        } else if (value > maxVal + near) {
            value -= range * (2 * near + 1);
        }
        return Math.max(0, Math.min(maxVal, value));
    }

    /** A.7: a run of samples equal (within NEAR) to the one on their left, and the sample that ends it; how many were decoded. */
    private int runMode(int x, int[] previous, int[] current) throws DicomException {
        int ra = current[x - 1];
        int left = columns - x + 1;
        int run = 0;
        boolean lineEnded = false;
        while (bits.read(1) == 1) {
            int count = Math.min(1 << J[runIndex], left - run);
            run += count;
            if (count == 1 << J[runIndex] && runIndex < 31) {
                runIndex++;
            }
            if (run == left) {
                lineEnded = true;
                break;
            }
        }
        if (!lineEnded) {
            run += J[runIndex] > 0 ? bits.read(J[runIndex]) : 0;
        }
        if (run > left) {
            throw bits.overran() ? truncated()
                    : stream.corrupt("a run of " + run + " samples where " + left + " are left in the line");
        }
        Arrays.fill(current, x, x + run, ra);
        if (run == left) {
            return run;
        }
        int end = x + run;
        int rb = previous[end];
        current[end] = Math.abs(ra - rb) <= near ? reconstructed(ra, interruptionError(1))
                : reconstructed(rb, interruptionError(0) * (rb - ra > 0 ? 1 : -1));
        if (runIndex > 0) {
            runIndex--;
        }
        return run + 1;
    }

    /** A.7.2: the error of a run-interruption sample, in context {@code type} (1: Ra and Rb alike). */
    private int interruptionError(int type) throws DicomException {
        int ctx = 365 + type;
        int temp = a[ctx] + (n[ctx] >> 1) * type;
        int k = 0;
        while ((n[ctx] << k) < temp) {
            k++;
        }
        int mapped = golomb(k, limit - J[runIndex] - 1);
        int value = mapped + type;
        boolean odd = (value & 1) != 0;
        int magnitude = (value + (odd ? 1 : 0)) / 2;
        int error = ((k != 0 || 2 * nn[type] >= n[ctx]) == odd) ? -magnitude : magnitude;
        if (error < 0) {
            nn[type]++;
        }
        a[ctx] += (mapped + 1 - type) >> 1;
        if (n[ctx] == reset) {
            a[ctx] >>= 1;
            n[ctx] >>= 1;
            nn[type] >>= 1;
        }
        n[ctx]++;
        return error;
    }

    /** A limited-length Golomb code (A.5.3): unary high bits, then k bits, or qbpp bits after the escape. */
    private int golomb(int k, int codeLimit) throws DicomException {
        int high = 0;
        while (bits.read(1) == 0) {
            if (++high > codeLimit) {
                throw bits.overran() ? truncated() : stream.corrupt("a Golomb code longer than its limit of " + codeLimit + " bits");
            }
        }
        if (high >= codeLimit - qbpp - 1) {
            return bits.read(qbpp) + 1;
        }
        return k == 0 ? high : (high << k) | bits.read(k);
    }

    private DicomException truncated() {
        return stream.corrupt("the scan ends before its " + lines * columns + " samples");
    }

    /**
     * Bits of the scan, most significant first: after a 0xFF byte the next byte holds 7 bits (its top
     * bit is stuffed), and 0xFF followed by a byte of 0x80 or more is a marker, where the data end.
     */
    private static final class BitReader {
        private final byte[] data;
        private int pos;
        private long buffer;
        private int count;
        private boolean afterFf;
        private boolean atMarker;
        private int pastEnd;

        BitReader(byte[] data, int pos) {
            this.data = data;
            this.pos = pos;
        }

        private void fill(int need) {
            while (count < need) {
                if (atMarker || pos >= data.length
                        || ((data[pos] & 0xFF) == 0xFF && pos + 1 < data.length && (data[pos + 1] & 0xFF) >= 0x80)) {
                    atMarker = true;
                    buffer <<= 8;
                    count += 8;
                    pastEnd += 8;
                    continue;
                }
                int b = data[pos++] & 0xFF;
                if (afterFf) {
                    buffer = buffer << 7 | (b & 0x7F);
                    count += 7;
                } else {
                    buffer = buffer << 8 | b;
                    count += 8;
                }
                afterFf = b == 0xFF;
            }
        }

        int read(int n) {
            fill(n);
            count -= n;
            return (int) (buffer >>> count) & (int) ((1L << n) - 1);
        }

        /** Whether bits were taken from beyond the scan's data. */
        boolean overran() {
            return pastEnd - count > 0;
        }
    }
}
