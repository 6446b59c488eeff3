package org.cohortseg.dicom;

import java.util.Optional;

/**
 * A slice's pixel padding (PixelPaddingValue, up to PixelPaddingRangeLimit when given): the stored
 * values a scanner writes outside its field of view, often -2000 or -3024 HU, which are no tissue.
 * They become air, -1024 HU, so that nothing downstream (normalisation percentiles, the body
 * check, attenuation near the edge) sees a material that was never scanned.
 *
 * @param from the lower end of the padding range, a stored value
 * @param to the upper end (equal to {@code from} without a range limit)
 */
record PixelPadding(int from, int to) {
    static final double AIR_HU = -1024;

    /**
     * The padding a slice declares, in its stored values (US or SS after its PixelRepresentation),
     * or empty when it declares none.
     */
    static Optional<PixelPadding> of(DicomAttributes a, FrameFormat format) throws DicomException {
        Optional<Integer> value = a.unsignedShort(DicomTag.PIXEL_PADDING_VALUE);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        int padding = stored(value.get(), format);
        int limit = a.unsignedShort(DicomTag.PIXEL_PADDING_RANGE_LIMIT).map(v -> stored(v, format)).orElse(padding);
        return Optional.of(new PixelPadding(Math.min(padding, limit), Math.max(padding, limit)));
    }

    private static int stored(int unsignedShort, FrameFormat format) {
        return format.signed() ? (short) unsignedShort : unsignedShort;
    }

    /**
     * Replaces the padding in {@code frame} (stored values as {@link FrameDecoder} gives them) by
     * the stored value nearest to air under the slice's rescale {@code slope, intercept}.
     */
    void toAir(short[] frame, FrameFormat format, double slope, double intercept) {
        int bits = format.bitsStored();
        long lowest = format.signed() ? -(1L << (bits - 1)) : 0;
        long highest = format.signed() ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        short air = (short) Math.max(lowest, Math.min(highest, Math.round((AIR_HU - intercept) / slope)));
        for (int i = 0; i < frame.length; i++) {
            int v = format.signed() ? frame[i] : frame[i] & 0xFFFF;
            if (v >= from && v <= to) {
                frame[i] = air;
            }
        }
    }
}
