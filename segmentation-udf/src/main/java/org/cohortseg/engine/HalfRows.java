package org.cohortseg.engine;

import java.util.Optional;

/**
 * The row operations of the float16 slab of {@link SlabMerger}, in nnU-Net v2's arithmetic:
 * adding float32 products into float16 sums, dividing them into float16 quotients, and one
 * channel's step of the argmax of those. {@link VectorHalfRows} (SIMD, through the JDK's vector module, which Spark 4 and
 * bin/cohortseg add to every JVM) and {@link ScalarHalfRows} (any JVM) give identical sums
 * wherever they are finite, and the same labels; a sum that is not finite stays not finite.
 */
interface HalfRows {
    /** The module whose presence selects {@link VectorHalfRows}. */
    String VECTOR_MODULE = "jdk.incubator.vector";

    /**
     * {@code sums[at + i] = half(float(sums[at + i]) + values[valuesAt + i] * scale[scaleAt + i])}
     * for {@code i < n}: the product and the sum in float32, each rounded (no fused multiply-add).
     */
    void accumulate(short[] sums, int at, float[] values, int valuesAt, float[] scale, int scaleAt, int n);

    /** {@code sums[at + i] = half(float(sums[at + i]) / divisors[divisorsAt + i])} for {@code i < n}. */
    void divide(short[] sums, int at, float[] divisors, int divisorsAt, int n);

    /**
     * One channel's step of an argmax over voxels {@code v} in {@code [from, to)}: where the half
     * {@code halves[at + v]} is greater than {@code best[v]} (so ties keep the earlier channel),
     * {@code best[v]} takes it and {@code labels[v] = channel}. {@code best} holds
     * {@link #orderKey order keys}: start it at {@link Integer#MIN_VALUE}.
     *
     * @return the first voxel whose half is not finite (then {@code best} and {@code labels} are
     *     undefined), or -1
     */
    int argmaxStep(short[] halves, int at, int[] best, int[] labels, int channel, int from, int to);

    /** An int that orders finite float16 values as their values do (-0 and +0 alike): the signed magnitude. */
    static int orderKey(short half) {
        int magnitude = half & 0x7FFF;
        return half < 0 ? -magnitude : magnitude;
    }

    /**
     * The SIMD rows when the vector module is in the JVM and its preferred shape holds at least
     * 8 floats (AVX2, AVX-512), else the scalar ones; {@code -Dcohortseg.simd=false} forces the
     * scalar rows (for benchmarks).
     */
    static HalfRows fastest() {
        boolean allowed = Boolean.parseBoolean(System.getProperty("cohortseg.simd", "true"));
        Optional<Module> vector = ModuleLayer.boot().findModule(VECTOR_MODULE);
        if (allowed && vector.isPresent() && VectorHalfRows.supported()) {
            return new VectorHalfRows();
        }
        return new ScalarHalfRows();
    }
}
