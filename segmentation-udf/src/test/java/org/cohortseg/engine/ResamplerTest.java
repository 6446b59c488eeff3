package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.ScaleFactors;
import org.cohortseg.nifti.VoxelArray;
import org.junit.jupiter.api.Test;

/** Resampling against scipy.ndimage.zoom (order 1 for images, order 0 for labels). */
class ResamplerTest {
    private static final Shape IN = new Shape(23, 17, 11);

    private static double[] spacing(JsonNode n) {
        return new double[] {n.get(0).asDouble(), n.get(1).asDouble(), n.get(2).asDouble()};
    }

    @Test
    void linearAndNearestMatchScipyZoom() throws IOException {
        float[] volume = EngineGolden.floats("volume_23x17x11.f32");
        byte[] labels = EngineGolden.bytes("labels_23x17x11.u8");
        for (int threads : new int[] {1, 2}) {
            Resampler r = new Resampler(threads);
            for (JsonNode c : EngineGolden.expected().get("resampling")) {
                double[] from = spacing(c.get("spacing_in"));
                double[] to = spacing(c.get("spacing_out"));
                Shape target = Resampler.targetShape(IN, from, to);
                JsonNode shape = c.get("shape_out");
                assertEquals(new Shape(shape.get(0).asInt(), shape.get(1).asInt(), shape.get(2).asInt()), target);
                FloatVolume out = r.toSpacing(new FloatVolume(IN, volume, from), to);
                NiftiImage image = new NiftiImage(IN, VoxelArray.ofFloat32(volume), Affine.scaling(from[0], from[1], from[2]),
                        from, ScaleFactors.IDENTITY);
                FloatVolume fromImage = r.toSpacing(image, Reorientation.identity(IN), to);
                double[] expected = EngineGolden.doubles(c.get("linear").asText());
                for (int i = 0; i < expected.length; i++) {
                    // float32 arithmetic against scipy's float64: values are within +-1000
                    assertEquals(expected[i], out.data()[i], 2e-4, c.get("linear").asText() + " at " + i);
                    // a CT as TotalSegmentator hands it to nnU-Net: scipy's value as numpy's astype(np.int32)
                    assertEquals((int) expected[i], fromImage.data()[i], "CT resampled from its stored voxels at " + i);
                }
                assertArrayEquals(EngineGolden.bytes(c.get("nearest").asText()), r.nearest(labels, IN, target),
                        c.get("nearest").asText());
            }
        }
    }

    /**
     * Reading a CT through its reorientation gives what reorienting a copy first gives, and the
     * label map goes back to the CT's own order as reorienting a canonical copy back does, for every
     * permutation and flip of the axes (the copy is {@code Reorienter}'s, checked against nibabel).
     */
    @Test
    void readingThroughAReorientationEqualsReorientingFirst() {
        Shape in = new Shape(9, 7, 5);
        short[] hu = new short[in.voxels()];
        byte[] labels = new byte[in.voxels()];
        for (int i = 0; i < hu.length; i++) {
            hu[i] = (short) (i * 37 % 2001 - 1000);
            labels[i] = (byte) (i * 13 % 251);
        }
        NiftiImage ct = new NiftiImage(in, VoxelArray.ofInt16(hu), Affine.scaling(0.8, 1.1, 2.5), new double[] {0.8, 1.1, 2.5},
                new ScaleFactors(1, -24));
        double[] spacing = {1.5, 1.2, 1.0};
        Resampler r = new Resampler(2);
        int[][] permutations = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] axes : permutations) {
            for (int flips = 0; flips < 8; flips++) {
                Reorientation toCanonical = new Reorientation(in, axes,
                        new boolean[] {(flips & 1) != 0, (flips & 2) != 0, (flips & 4) != 0});
                NiftiImage copy = ct.reoriented(toCanonical);
                String what = java.util.Arrays.toString(axes) + " flips " + flips;
                FloatVolume expected = r.toSpacing(copy, Reorientation.identity(copy.shape()), spacing);
                FloatVolume read = r.toSpacing(ct, toCanonical, spacing);
                assertEquals(expected.shape(), read.shape(), what);
                assertArrayEquals(expected.data(), read.data(), what);
                Shape grid = new Shape(4, 6, 3);
                byte[] onGrid = java.util.Arrays.copyOf(labels, grid.voxels());
                VoxelArray back = VoxelArray.ofUint8(r.nearest(onGrid, grid, copy.shape())).reoriented(toCanonical.inverse());
                byte[] inOneGo = r.nearest(onGrid, grid, toCanonical);
                for (int i = 0; i < inOneGo.length; i++) {
                    assertEquals(back.getLong(i), inOneGo[i] & 0xFF, what + " label at " + i);
                }
            }
        }
    }

    @Test
    void matchingSpacingIsNotResampled() {
        FloatVolume v = new FloatVolume(new Shape(4, 3, 2), new float[24], new double[] {1.5, 1.5, 1.5});
        assertEquals(v, new Resampler(1).toSpacing(v, new double[] {1.5, 1.5, 1.5}));
    }
}
