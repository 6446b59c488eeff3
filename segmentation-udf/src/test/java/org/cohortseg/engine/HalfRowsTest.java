package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The SIMD float16 rows against numpy's float16 (test-resources/golden/engine/half.json) and
 * against the scalar rows, value for value: every half as a running sum, products that land on
 * and beside the ties, subnormal sums, overflow, rows that end off the lane count.
 */
class HalfRowsTest {
    private static final short NEGATIVE_ZERO = (short) 0x8000;
    private final HalfRows vector = new VectorHalfRows();
    private final HalfRows scalar = new ScalarHalfRows();

    private static boolean nonFinite(short half) {
        return (half & 0x7C00) == 0x7C00;
    }

    @Test
    void theVectorRowsRunWhereTheShapeAllows() {
        assertTrue(ModuleLayer.boot().findModule(HalfRows.VECTOR_MODULE).isPresent(), "the tests run with conf/jvm.options");
        assertEquals(FloatVector.SPECIES_PREFERRED.length() >= 8, VectorHalfRows.supported());
        if (VectorHalfRows.supported()) {
            assertInstanceOf(VectorHalfRows.class, HalfRows.fastest());
        }
    }

    /** -0 + v is v for every float, so a row of negative zeros plus values times 1 encodes the values. */
    @Test
    void vectorRowsRoundAsNumpy() throws Exception {
        JsonNode pairs = new ObjectMapper().readTree(EngineGolden.file("half.json").toFile()).get("to_half");
        int n = pairs.size();
        float[] values = new float[n];
        short[] expected = new short[n];
        for (int i = 0; i < n; i++) {
            values[i] = Float.intBitsToFloat((int) pairs.get(i).get(0).asLong());
            expected[i] = (short) pairs.get(i).get(1).asInt();
        }
        short[] sums = new short[n];
        Arrays.fill(sums, NEGATIVE_ZERO);
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        vector.accumulate(sums, 0, values, 0, ones, 0, n);
        int finite = 0;
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(values[i])) {
                assertTrue(nonFinite(sums[i]), "NaN stays non-finite");
            } else {
                assertEquals(expected[i], sums[i], "float bits " + Integer.toHexString(Float.floatToRawIntBits(values[i])));
                finite++;
            }
        }
        assertTrue(finite > 5000);
    }

    /** Every half as the sum, plus products at the midpoints between halves, beside them, and at random. */
    @Test
    void vectorRowsAccumulateAsTheScalarRows() {
        SplittableRandom random = new SplittableRandom(12);
        int n = (1 << 16) + 5; // not a multiple of any lane count
        float[] values = new float[n];
        float[] scale = new float[n];
        for (int round = 0; round < 12; round++) {
            short[] bySimd = new short[n];
            for (int i = 0; i < n; i++) {
                bySimd[i] = (short) i;
                float sum = HalfFloat.toFloat(bySimd[i]);
                float next = HalfFloat.toFloat((short) (i + 1));
                boolean finite = Float.isFinite(sum) && Float.isFinite(next) && (i & 0x8000) == (i + 1 & 0x8000);
                switch (round % 4) {
                    case 0 -> { // the midpoint to the next half, exact in float32: a tie
                        values[i] = finite ? (next - sum) / 2 : 1f;
                        scale[i] = 1f;
                    }
                    case 1 -> { // one float ulp beside the tie
                        values[i] = finite ? Math.nextUp((next - sum) / 2) : -1f;
                        scale[i] = 1f;
                    }
                    case 2 -> { // logits times weights, as in a window
                        values[i] = (float) random.nextDouble(-40, 40);
                        scale[i] = HalfFloat.toFloat(HalfFloat.fromFloat((float) random.nextDouble(0, 10)));
                    }
                    default -> { // any float bits, NaN and infinities included
                        values[i] = Float.intBitsToFloat(random.nextInt());
                        scale[i] = (float) Math.scalb(1.0, random.nextInt(-30, 30));
                    }
                }
            }
            short[] byScalar = bySimd.clone();
            vector.accumulate(bySimd, 0, values, 0, scale, 0, n);
            scalar.accumulate(byScalar, 0, values, 0, scale, 0, n);
            for (int i = 0; i < n; i++) {
                if (!(nonFinite(bySimd[i]) && nonFinite(byScalar[i]))) {
                    int at = i;
                    int r = round;
                    assertEquals(byScalar[i], bySimd[i], () -> "round " + r + ", half " + Integer.toHexString(at)
                            + " + " + values[at] + " * " + scale[at]);
                }
            }
        }
    }

    /** Order keys sort every pair of finite halves as their values, -0 and +0 alike. */
    @Test
    void orderKeysSortAsTheValues() {
        for (int a = 0; a < 1 << 16; a += 7) {
            for (int b = 0; b < 1 << 16; b += 251) {
                float x = HalfFloat.toFloat((short) a);
                float y = HalfFloat.toFloat((short) b);
                if (Float.isFinite(x) && Float.isFinite(y)) {
                    assertEquals(Float.compare(x + 0f, y + 0f) == 0 ? 0 : Float.compare(x, y),
                            Integer.signum(Integer.compare(HalfRows.orderKey((short) a), HalfRows.orderKey((short) b))),
                            x + " vs " + y);
                }
            }
        }
    }

    /** Quotients of float16 sums by float16 weight sums, then argmax steps, with many ties after the division. */
    @Test
    void vectorQuotientsAndArgmaxStepsAsTheScalarOnes() {
        SplittableRandom random = new SplittableRandom(13);
        int n = 4099;
        float[] weights = new float[n + 2]; // voxel v's weight at 2 + v
        for (int v = 0; v < weights.length; v++) { // float16 weight sums, some tiny (window corners)
            weights[v] = HalfFloat.toFloat(HalfFloat.fromFloat((float) Math.scalb(random.nextDouble(1, 2), random.nextInt(-24, 5))));
        }
        int[] bestSimd = new int[n];
        int[] bestScalar = new int[n];
        Arrays.fill(bestSimd, Integer.MIN_VALUE);
        Arrays.fill(bestScalar, Integer.MIN_VALUE);
        int[] labelsSimd = new int[n];
        int[] labelsScalar = new int[n];
        for (int c = 0; c < 9; c++) {
            short[] bySimd = new short[n + 3]; // voxel v's sum at 3 + v
            for (int v = 0; v < n; v++) {
                bySimd[3 + v] = HalfFloat.fromFloat(weights[2 + v] * random.nextInt(-4, 5) / 2);
            }
            short[] byScalar = bySimd.clone();
            vector.divide(bySimd, 4, weights, 3, n - 1);
            scalar.divide(byScalar, 4, weights, 3, n - 1);
            assertArrayEquals(byScalar, bySimd, "quotients, channel " + c);
            assertEquals(-1, vector.argmaxStep(bySimd, 3, bestSimd, labelsSimd, c, 1, n));
            assertEquals(-1, scalar.argmaxStep(byScalar, 3, bestScalar, labelsScalar, c, 1, n));
            assertArrayEquals(labelsScalar, labelsSimd, "channel " + c);
            assertArrayEquals(bestScalar, bestSimd, "channel " + c);
        }
        short[] overflow = new short[n];
        overflow[2000] = HalfFloat.fromFloat(60000f);
        float[] halves = new float[n];
        Arrays.fill(halves, 0.5f);
        vector.divide(overflow, 0, halves, 0, n);
        assertTrue(nonFinite(overflow[2000]), "beyond 65504");
        assertEquals(2000, vector.argmaxStep(overflow, 0, bestSimd, labelsSimd, 9, 0, n));
        assertEquals(2000, scalar.argmaxStep(overflow, 0, bestScalar, labelsScalar, 9, 0, n));
    }
}
