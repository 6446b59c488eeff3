package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import org.cohortseg.geometry.Shape;
import org.junit.jupiter.api.Test;

/** The merger's lifecycle rules. */
class SlabMergerTest {
    private static final int[] PATCH = {2, 2, 2};
    private static final float[] ONES = {1, 1, 1, 1, 1, 1, 1, 1};

    @Test
    void refusesWindowsAfterFinishAndGoingBackInZ() {
        SlabMerger m = new SlabMerger(new Shape(2, 2, 4), PATCH, 1, ONES);
        m.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 0));
        m.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 2));
        assertThrows(IllegalStateException.class, () -> m.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 0)));
        SlabMerger done = new SlabMerger(new Shape(2, 2, 2), PATCH, 1, ONES);
        done.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 0));
        done.finish();
        assertThrows(IllegalStateException.class, () -> done.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 0)));
        assertThrows(IllegalStateException.class, done::finish);
    }

    @Test
    void aVoxelNoWindowCoveredIsAnError() {
        SlabMerger m = new SlabMerger(new Shape(2, 2, 4), PATCH, 1, ONES);
        m.add(FloatBuffer.allocate(8), 0, new WindowPlanner.Window(0, 0, 0));
        assertThrows(ArithmeticException.class, m::finish);
    }
}
