package org.cohortseg.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link HalfRows} on SIMD lanes: float16 is decoded and encoded with integer and float lane
 * operations (Java 17 has no float16 instructions), several times as fast as
 * {@link ScalarHalfRows}. Rows that are not a multiple of the lane count end on the scalar rows.
 *
 * <p>Decoding is exact without float subnormals (which cost x86 a microcode assist per lane): a
 * normal half's bits shifted into a float's place with the exponent rebiased (127 - 15; exponent
 * 31, infinity and NaN, rebiased twice to the float's all-ones exponent); a subnormal half is its
 * mantissa times 2^-24, converted from int. Encoding rounds to nearest, ties to even, exactly as
 * {@link HalfFloat}: a normal value loses 13 mantissa bits after the rebias (magnitudes from 65536
 * on, infinities and NaNs clamp to the infinity: a NaN becomes an infinity, just as non-finite);
 * adding 0.5 to a subnormal one leaves it rounded to a multiple of 2^-24 in the low mantissa bits.
 * Selections are lane arithmetic on sign masks rather than vector masks, which Java 17 compiles
 * less well.
 *
 * <p>No vector crosses a method boundary (the loops are written out, arrays go in and out): the
 * JIT inlines a helper only within its size limits, and a helper it does not inline passes its
 * vectors as heap objects, many times slower.
 */
final class VectorHalfRows implements HalfRows {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    /** Shorts with as many lanes as the floats: null where the shape is too narrow. */
    private static final VectorSpecies<Short> SHORTS = LANES >= 8 ? VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * 16)) : null;
    private static final int HALF_EXPONENT = HalfFloat.EXPONENT_MASK;
    /** float minus half exponent bias (127 - 15), in a float's exponent field. */
    private static final int REBIAS = 112 << 23;
    private final ScalarHalfRows tail = new ScalarHalfRows();

    /** Whether this JVM's preferred vector shape is wide enough (at least 8 floats). */
    static boolean supported() {
        return SHORTS != null;
    }

    @Override
    public void accumulate(short[] sums, int at, float[] values, int valuesAt, float[] scale, int scaleAt, int n) {
        int done = combine(sums, at, values, valuesAt, scale, scaleAt, n, false);
        tail.accumulate(sums, at + done, values, valuesAt + done, scale, scaleAt + done, n - done);
    }

    @Override
    public void divide(short[] sums, int at, float[] divisors, int divisorsAt, int n) {
        int done = combine(sums, at, divisors, divisorsAt, null, 0, n, true);
        tail.divide(sums, at + done, divisors, divisorsAt + done, n - done);
    }

    /**
     * {@code sums[at + i] = half(float(sums[at + i]) + x[xAt + i] * y[yAt + i])}, or with
     * {@code divide} {@code half(float(sums[at + i]) / x[xAt + i])}, for whole vectors of lanes.
     *
     * @return how many values were done (the rest is less than a vector)
     */
    private static int combine(short[] sums, int at, float[] x, int xAt, float[] y, int yAt, int n, boolean divide) {
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            IntVector half = (IntVector) ShortVector.fromArray(SHORTS, sums, at + i).convertShape(VectorOperators.S2I, INTS, 0);
            // decode (see the class comment)
            IntVector magnitude = half.and(0x7FFF);
            IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
            IntVector special = shifted.and(HALF_EXPONENT << 13).add(1 << 23).lanewise(VectorOperators.ASHR, 28).neg().and(REBIAS);
            IntVector normal = shifted.add(REBIAS).add(special);
            IntVector subnormal = ((FloatVector) magnitude.convert(VectorOperators.I2F, 0)).mul(0x1p-24f).reinterpretAsInts();
            IntVector isSubnormal = magnitude.sub(0x0400).lanewise(VectorOperators.ASHR, 31);
            FloatVector value = subnormal.and(isSubnormal).or(normal.and(isSubnormal.not()))
                    .or(half.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            FloatVector xs = FloatVector.fromArray(FLOATS, x, xAt + i);
            FloatVector result = divide ? value.div(xs) : value.add(xs.mul(FloatVector.fromArray(FLOATS, y, yAt + i)));
            // encode (see the class comment)
            IntVector bits = result.reinterpretAsInts();
            IntVector resultMagnitude = bits.and(0x7FFF_FFFF);
            IntVector odd = resultMagnitude.lanewise(VectorOperators.LSHR, 13).and(1);
            IntVector normalHalf = resultMagnitude.min(0x4780_0000).add(0x0FFF - REBIAS).add(odd).lanewise(VectorOperators.LSHR, 13);
            IntVector subnormalHalf = resultMagnitude.reinterpretAsFloats().add(0.5f).reinterpretAsInts().sub(0x3F00_0000);
            IntVector small = resultMagnitude.sub(0x3880_0000).lanewise(VectorOperators.ASHR, 31);
            IntVector rounded = subnormalHalf.and(small).or(normalHalf.and(small.not())).or(bits.lanewise(VectorOperators.LSHR, 16).and(0x8000));
            ((ShortVector) rounded.convertShape(VectorOperators.I2S, SHORTS, 0)).intoArray(sums, at + i);
        }
        return i;
    }

    @Override
    public int argmaxStep(short[] halves, int at, int[] best, int[] labels, int channel, int from, int to) {
        int v = from;
        for (; v <= to - LANES; v += LANES) {
            IntVector half = (IntVector) ShortVector.fromArray(SHORTS, halves, at + v).convertShape(VectorOperators.S2I, INTS, 0);
            IntVector magnitude = half.and(0x7FFF);
            VectorMask<Integer> nonFinite = magnitude.compare(VectorOperators.GE, HALF_EXPONENT);
            if (nonFinite.anyTrue()) {
                return v + nonFinite.firstTrue();
            }
            IntVector negative = half.lanewise(VectorOperators.ASHR, 31); // sign-extended: -1 or 0
            IntVector key = magnitude.lanewise(VectorOperators.XOR, negative).sub(negative); // HalfRows.orderKey
            IntVector previous = IntVector.fromArray(INTS, best, v);
            VectorMask<Integer> wins = key.compare(VectorOperators.GT, previous); // strictly: ties keep the earlier channel
            previous.blend(key, wins).intoArray(best, v);
            IntVector.fromArray(INTS, labels, v).blend(channel, wins).intoArray(labels, v);
        }
        return tail.argmaxStep(halves, at, best, labels, channel, v, to);
    }
}
