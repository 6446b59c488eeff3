package org.cohortseg.engine;

import java.util.ArrayList;
import java.util.List;
import org.cohortseg.geometry.Shape;

/**
 * Where the sliding windows go, as nnU-Net places them: per axis,
 * {@code n = ceil((size - patch) / (patch * step)) + 1} windows whose starts are spread evenly
 * from 0 to {@code size - patch} and rounded half to even. Example: size 110, patch 64, step 0.5
 * gives starts 0, 23, 46.
 */
public final class WindowPlanner {
    private WindowPlanner() {
    }

    /** A window's first voxel (x, y, z) in the padded image. */
    public record Window(int x, int y, int z) {
    }

    /**
     * Window starts along one axis.
     *
     * @throws IllegalArgumentException when the image is smaller than the patch (pad it first) or step is not in (0, 1]
     */
    public static int[] starts(int size, int patch, double step) {
        if (patch < 1 || size < patch) {
            throw new IllegalArgumentException("image size " + size + " must be at least the patch size " + patch
                    + " (pad first)");
        }
        if (!(step > 0 && step <= 1)) {
            throw new IllegalArgumentException("window step must be in (0, 1]: " + step);
        }
        int count = (int) Math.ceil((size - patch) / (patch * step)) + 1;
        int[] starts = new int[count];
        double spacing = count > 1 ? (size - patch) / (double) (count - 1) : 0;
        for (int i = 0; i < count; i++) {
            starts[i] = (int) Math.rint(spacing * i);
        }
        return starts;
    }

    /** All windows over {@code image} (at least the patch size on every axis), in z, then y, then x order. */
    public static List<Window> plan(Shape image, int[] patchXyz, double step) {
        int[] xs = starts(image.nx(), patchXyz[0], step);
        int[] ys = starts(image.ny(), patchXyz[1], step);
        int[] zs = starts(image.nz(), patchXyz[2], step);
        List<Window> windows = new ArrayList<>(xs.length * ys.length * zs.length);
        for (int z : zs) {
            for (int y : ys) {
                for (int x : xs) {
                    windows.add(new Window(x, y, z));
                }
            }
        }
        return windows;
    }
}
