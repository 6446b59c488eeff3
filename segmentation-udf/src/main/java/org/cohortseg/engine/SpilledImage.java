package org.cohortseg.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.cohortseg.geometry.Shape;

/**
 * The CT on the model grid kept in a temporary file, as Spark spills to local disk, and read back
 * through a ring of {@code depth} slices: the sliding window reads z slices in ascending order
 * and a window is {@code patch z} slices deep, so a ring of that depth reads each slice once per
 * part. The engine's memory for its input then no longer grows with the scan length. The file
 * is deleted on {@link #close()}.
 */
public final class SpilledImage implements ModelGridImage, AutoCloseable {
    private final Shape shape;
    private final Path file;
    private final FileChannel channel;
    private final int plane;
    private final float[][] ring;
    private final int[] ringZ;
    private final ByteBuffer io;

    /**
     * An empty image in a new file in {@code directory}; fill it with {@link #write} (any order,
     * any thread), then read it.
     */
    public SpilledImage(Shape shape, int depth, Path directory) throws IOException {
        this.shape = shape;
        this.plane = shape.nx() * shape.ny();
        this.file = Files.createTempFile(directory, "cohortseg-model-grid", ".f32");
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
        this.ring = new float[Math.min(depth, shape.nz())][plane];
        this.ringZ = new int[ring.length];
        Arrays.fill(ringZ, -1);
        this.io = ByteBuffer.allocateDirect(plane * Float.BYTES).order(ByteOrder.nativeOrder()); // no copy per call
    }

    /** Stores slice {@code z} (x fastest); safe from several threads at once (they take turns). */
    public synchronized void write(int z, float[] slice) {
        io.clear();
        io.asFloatBuffer().put(slice, 0, plane);
        try {
            for (long at = (long) z * io.capacity(); io.hasRemaining(); ) {
                at += channel.write(io, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the resampled CT to " + file, e);
        }
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public synchronized float[] sliceArray(int z) {
        int slot = z % ring.length;
        if (ringZ[slot] != z) {
            io.clear();
            try {
                for (long at = (long) z * io.capacity(); io.hasRemaining(); ) {
                    int n = channel.read(io, at);
                    if (n < 0) {
                        throw new IOException("unexpected end of " + file + " at slice " + z);
                    }
                    at += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the resampled CT back from " + file, e);
            }
            io.flip();
            io.asFloatBuffer().get(ring[slot]);
            ringZ[slot] = z;
        }
        return ring[slot];
    }

    @Override
    public int sliceOffset(int z) {
        return 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
