package org.cohortseg.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The native (direct) memory a thread's windows travel through: ONNX Runtime reads a batch of
 * normalised windows from {@link #input} and writes the logits into {@link #output} (a pinned
 * output), so a run allocates nothing and no copy of the logits is made on the Java heap. One
 * instance per thread, kept and grown as needed: direct memory is only returned by the garbage
 * collector, so buffers made per scan would pile up.
 */
public final class WindowBuffers {
    private FloatBuffer input = allocate(0);
    private FloatBuffer output = allocate(0);

    /** A direct buffer of at least {@code floats} values for the network's input. */
    public FloatBuffer input(int floats) {
        input = atLeast(input, floats);
        return input;
    }

    /** A direct buffer of at least {@code floats} values for the network's output. */
    public FloatBuffer output(int floats) {
        output = atLeast(output, floats);
        return output;
    }

    private static FloatBuffer atLeast(FloatBuffer buffer, int floats) {
        return buffer.capacity() < floats ? allocate(floats) : buffer;
    }

    private static FloatBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
