package org.cohortseg.phantom;

import java.util.SplittableRandom;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.ScaleFactors;
import org.cohortseg.nifti.VoxelArray;

/**
 * Renders a scan of a subject into a CT (HU) and its ground-truth label map for one acquisition.
 *
 * <p>Labels are assigned at voxel centres. HU values are partial-volume averages over 2x2x2
 * sub-samples of each voxel (so edges blur into their neighbours), plus Gaussian noise. The grid
 * is built in canonical RAS and then stored in the acquisition's orientation and datatype.
 */
public final class PhantomRenderer {
    private static final double FLOAT_SLOPE = 0.5;
    private static final double FLOAT_INTER = -1024;
    private static final double[] SUB = {-0.25, 0.25};
    private final PhantomModel model;

    public PhantomRenderer(PhantomModel model) {
        this.model = model;
    }

    /** A rendered scan: stored CT and labels, and how many labelled voxels two structures both claimed. */
    public record RenderedScan(NiftiImage ct, NiftiImage labels, long overlapVoxels) {
    }

    /** Renders {@code scan} as acquired by {@code acq}, with noise from {@code noise}. */
    public RenderedScan render(PhantomScan scan, Acquisition acq, SplittableRandom noise) {
        Shape shape = acq.canonicalShape();
        float[] hu = new float[shape.voxels()];
        byte[] labels = new byte[shape.voxels()];
        double offset = model.scanner(scan.scanner()).huOffset();
        drawBody(scan.subject(), acq, shape, hu, offset);
        for (PhantomScan.PlacedStructure p : scan.unlabelled(model)) {
            draw(p, p.hu() + offset, acq, shape, hu, labels);
        }
        long overlaps = 0;
        for (PhantomScan.PlacedStructure p : scan.anatomy(model)) {
            overlaps += draw(p, p.hu(), acq, shape, hu, labels);
        }
        short[] rounded = new short[hu.length];
        for (int i = 0; i < hu.length; i++) {
            double v = Math.rint(hu[i] + PhantomModel.NOISE_HU * noise.nextGaussian());
            rounded[i] = (short) Math.max(-1024, Math.min(3071, v));
        }
        Affine canonical = Affine.ofRowMajor(
                acq.spacing()[0], 0, 0, acq.center(0, 0),
                0, acq.spacing()[1], 0, acq.center(1, 0),
                0, 0, acq.spacing()[2], acq.center(2, 0),
                0, 0, 0, 1);
        Reorientation stored = acq.storedFromCanonical();
        NiftiImage ct = storedCt(rounded, acq.storage(), shape, canonical).reoriented(stored);
        NiftiImage seg = NiftiImage.of(shape, VoxelArray.ofUint8(labels), canonical).reoriented(stored);
        return new RenderedScan(ct, seg, overlaps);
    }

    private static NiftiImage storedCt(short[] hu, Acquisition.Storage storage, Shape shape, Affine affine) {
        NiftiImage plain = NiftiImage.of(shape, VoxelArray.ofInt16(hu), affine);
        if (storage == Acquisition.Storage.INT16) {
            return plain;
        }
        float[] stored = new float[hu.length];
        for (int i = 0; i < hu.length; i++) {
            stored[i] = (float) ((hu[i] - FLOAT_INTER) / FLOAT_SLOPE);
        }
        return plain.withVoxels(VoxelArray.ofFloat32(stored), new ScaleFactors(FLOAT_SLOPE, FLOAT_INTER));
    }

    /** Air, subcutaneous fat, muscle wall and body cavity: the same in every slice, so one slice is computed and copied. */
    private static void drawBody(Subject s, Acquisition acq, Shape shape, float[] hu, double offset) {
        double a = PhantomModel.BODY_A * s.bodyScale();
        double b = PhantomModel.BODY_B * s.bodyScale();
        double fat = s.fatMm();
        double wall = fat + PhantomModel.MUSCLE_WALL_MM;
        int slice = shape.nx() * shape.ny();
        float[] plane = new float[slice];
        for (int y = 0; y < shape.ny(); y++) {
            for (int x = 0; x < shape.nx(); x++) {
                double sum = 0;
                for (double dy : SUB) {
                    for (double dx : SUB) {
                        double wx = acq.center(0, x + dx);
                        double wy = acq.center(1, y + dy);
                        sum += tissue(wx, wy, a, b, fat, wall, offset);
                    }
                }
                plane[x + shape.nx() * y] = (float) (sum / 4);
            }
        }
        for (int z = 0; z < shape.nz(); z++) {
            System.arraycopy(plane, 0, hu, z * slice, slice);
        }
    }

    private static double tissue(double x, double y, double a, double b, double fat, double wall, double offset) {
        if (!inEllipse(x, y, a, b)) {
            return PhantomModel.AIR_HU;
        }
        if (!inEllipse(x, y, a - fat, b - fat)) {
            return PhantomModel.FAT_HU + offset;
        }
        if (!inEllipse(x, y, a - wall, b - wall)) {
            return PhantomModel.MUSCLE_WALL_HU + offset;
        }
        return PhantomModel.CAVITY_HU + offset;
    }

    private static boolean inEllipse(double x, double y, double a, double b) {
        return (x / a) * (x / a) + (y / b) * (y / b) <= 1;
    }

    /** Draws one solid; returns the number of labelled voxels it took from another structure. */
    private static long draw(PhantomScan.PlacedStructure p, double value, Acquisition acq, Shape shape, float[] hu,
                             byte[] labels) {
        double[] bounds = p.solid().bounds();
        int[] lo = new int[3];
        int[] hi = new int[3];
        for (int a = 0; a < 3; a++) {
            double sp = acq.spacing()[a];
            lo[a] = Math.max(0, (int) Math.floor((bounds[a] - acq.fovMin()[a]) / sp - 0.5));
            hi[a] = Math.min(shape.extent(a) - 1, (int) Math.ceil((bounds[a + 3] - acq.fovMin()[a]) / sp - 0.5));
        }
        long overlaps = 0;
        Solid solid = p.solid();
        for (int z = lo[2]; z <= hi[2]; z++) {
            for (int y = lo[1]; y <= hi[1]; y++) {
                for (int x = lo[0]; x <= hi[0]; x++) {
                    int inside = 0;
                    for (double dz : SUB) {
                        for (double dy : SUB) {
                            for (double dx : SUB) {
                                if (solid.contains(acq.center(0, x + dx), acq.center(1, y + dy), acq.center(2, z + dz))) {
                                    inside++;
                                }
                            }
                        }
                    }
                    int i = shape.index(x, y, z);
                    if (inside > 0) {
                        hu[i] = (float) (hu[i] + (value - hu[i]) * inside / 8.0);
                    }
                    if (p.labelId() > 0 && solid.contains(acq.center(0, x), acq.center(1, y), acq.center(2, z))) {
                        overlaps += labels[i] != 0 ? 1 : 0;
                        labels[i] = (byte) p.labelId();
                    }
                }
            }
        }
        return overlaps;
    }
}
