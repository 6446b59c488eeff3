package org.cohortseg.engine;

/**
 * IEEE 754 binary16 ("half", numpy's float16) conversions, for accumulators that hold many
 * values at once: float to half rounds to the nearest representable value, ties to even, as
 * numpy and PyTorch do; half to float is exact.
 */
public final class HalfFloat {
    /** A half's exponent bits: all set for infinities and NaNs. */
    public static final int EXPONENT_MASK = 0x7C00;
    private static final float[] TO_FLOAT = new float[1 << 16];

    static {
        for (int h = 0; h < TO_FLOAT.length; h++) {
            TO_FLOAT[h] = decode(h);
        }
    }

    private HalfFloat() {
    }

    /** The exact float value of the half with these bits. */
    public static float toFloat(short half) {
        return TO_FLOAT[half & 0xFFFF];
    }

    /** The half nearest to {@code value} (ties to even; beyond 65504 rounds to infinity, NaN stays NaN). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFF_FFFF;
        if (abs > 0x7F80_0000) {
            return (short) (sign | 0x7E00 | (abs >>> 13)); // NaN: quiet, top payload bits kept
        }
        if (abs >= 0x477F_F000) {
            return (short) (sign | 0x7C00); // at or past the midpoint between 65504 and 65536, or infinite
        }
        if (abs >= 0x3880_0000) {
            // normal: rebias the exponent (127 -> 15) and drop 13 mantissa bits, rounding half to even
            int rounded = abs - 0x3800_0000 + 0x0FFF + ((abs >>> 13) & 1);
            return (short) (sign | (rounded >>> 13));
        }
        // subnormal: a multiple of 2^-24 (a count of 1024 is the smallest normal, which encodes the same way)
        int units = (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f);
        return (short) (sign | units);
    }

    private static float decode(int h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        float magnitude = exponent == 0 ? mantissa * 0x1p-24f : Math.scalb(1 + mantissa / 1024f, exponent - 15);
        return Float.intBitsToFloat(sign | Float.floatToRawIntBits(magnitude));
    }
}
