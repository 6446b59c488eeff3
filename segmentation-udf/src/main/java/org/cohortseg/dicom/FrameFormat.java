package org.cohortseg.dicom;

/**
 * How one frame's stored values are laid out: {@code rows x columns} samples of
 * {@code bitsAllocated} bits, of which {@code bitsStored} up to {@code highBit} hold the value,
 * signed (two's complement) or not.
 */
public record FrameFormat(int rows, int columns, int bitsAllocated, int bitsStored, int highBit, boolean signed) {
    /** Pixels per frame accepted before anything is allocated (a 16384^2 slice). */
    static final long MAX_SAMPLES = 1L << 28;

    /** The format the attributes declare, checked: one sample per pixel, 8 or 16 bits allocated. */
    public static FrameFormat of(DicomAttributes a) throws DicomException {
        int samples = a.unsignedShort(DicomTag.SAMPLES_PER_PIXEL).orElse(1);
        if (samples != 1) {
            throw new DicomException(a.source(), samples + " samples per pixel: only grey-scale (1) is read");
        }
        int rows = a.requiredUnsignedShort(DicomTag.ROWS);
        int columns = a.requiredUnsignedShort(DicomTag.COLUMNS);
        int allocated = a.requiredUnsignedShort(DicomTag.BITS_ALLOCATED);
        int stored = a.unsignedShort(DicomTag.BITS_STORED).orElse(allocated);
        int high = a.unsignedShort(DicomTag.HIGH_BIT).orElse(stored - 1);
        boolean signed = a.unsignedShort(DicomTag.PIXEL_REPRESENTATION).orElse(0) == 1;
        if (rows == 0 || columns == 0) {
            throw new DicomException(a.source(), "empty frame: " + rows + " rows, " + columns + " columns");
        }
        if ((long) rows * columns > MAX_SAMPLES) {
            throw new DicomException(a.source(), "frame of " + rows + "x" + columns + " exceeds " + MAX_SAMPLES + " pixels");
        }
        if (allocated != 8 && allocated != 16) {
            throw new DicomException(a.source(), allocated + " bits allocated: only 8 and 16 are read");
        }
        if (stored < 1 || stored > allocated || high < stored - 1 || high >= allocated) {
            throw new DicomException(a.source(), "inconsistent bits: allocated " + allocated + ", stored " + stored
                    + ", high bit " + high);
        }
        return new FrameFormat(rows, columns, allocated, stored, high, signed);
    }

    /** Samples per frame. */
    public int samples() {
        return rows * columns;
    }

    /** Whether raw samples are the stored values as they are: all 16 bits hold the value. */
    boolean isPlain() {
        return bitsAllocated == 16 && bitsStored == 16;
    }

    /** The stored value in a raw sample: shifted down to bit 0, masked, sign-extended when signed. */
    public int storedValue(int raw) {
        int value = (raw >>> (highBit - bitsStored + 1)) & ((1 << bitsStored) - 1);
        return signed ? (value << (32 - bitsStored)) >> (32 - bitsStored) : value;
    }
}
