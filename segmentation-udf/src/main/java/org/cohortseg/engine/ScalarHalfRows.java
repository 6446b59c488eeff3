package org.cohortseg.engine;

/** {@link HalfRows} one value at a time, with {@link HalfFloat}: runs on any JVM. */
final class ScalarHalfRows implements HalfRows {
    @Override
    public void accumulate(short[] sums, int at, float[] values, int valuesAt, float[] scale, int scaleAt, int n) {
        for (int i = 0; i < n; i++) {
            sums[at + i] = HalfFloat.fromFloat(HalfFloat.toFloat(sums[at + i]) + values[valuesAt + i] * scale[scaleAt + i]);
        }
    }

    @Override
    public void divide(short[] sums, int at, float[] divisors, int divisorsAt, int n) {
        for (int i = 0; i < n; i++) {
            sums[at + i] = HalfFloat.fromFloat(HalfFloat.toFloat(sums[at + i]) / divisors[divisorsAt + i]);
        }
    }

    @Override
    public int argmaxStep(short[] halves, int at, int[] best, int[] labels, int channel, int from, int to) {
        for (int v = from; v < to; v++) {
            short half = halves[at + v];
            if ((half & HalfFloat.EXPONENT_MASK) == HalfFloat.EXPONENT_MASK) { // infinity or NaN
                return v;
            }
            int key = HalfRows.orderKey(half);
            if (key > best[v]) {
                best[v] = key;
                labels[v] = channel;
            }
        }
        return -1;
    }
}
