package org.cohortseg.engine;

import java.io.IOException;
import org.cohortseg.geometry.Shape;

/**
 * The CT on the model grid as the sliding window reads it: one z slice (x fastest) at a time,
 * ascending within each part. Closing releases what holds it (nothing for an in-memory volume).
 */
public interface ModelGridImage extends AutoCloseable {
    /** Grid extents. */
    Shape shape();

    /** The array that holds slice {@code z} from {@link #sliceOffset}; read it before asking for other slices. */
    float[] sliceArray(int z);

    /** Where slice {@code z} starts in {@link #sliceArray}. */
    int sliceOffset(int z);

    @Override
    default void close() throws IOException {
    }
}
