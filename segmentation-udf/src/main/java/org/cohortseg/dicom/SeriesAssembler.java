package org.cohortseg.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.ScaleFactors;
import org.cohortseg.nifti.VoxelArray;

/**
 * Stacks the images of one series (single-frame files, or the frames of enhanced multi-frame files)
 * into the image dcm2niix writes for it:
 * <ul>
 *   <li>slices ordered by position along the slice normal (not by file name or instance number);</li>
 *   <li>the slice step from the positions (never SliceThickness), which must be uniform: a missing or
 *       duplicate slice, mixed orientations, spacings or sizes are each an
 *       {@link InconsistentSeriesException} saying which;</li>
 *   <li>a gantry tilt (positions that do not follow the normal) corrected onto an orthogonal grid
 *       ({@link TiltCorrection}), or refused;</li>
 *   <li>voxel (i, j, k) is column i of row (rows - 1 - j) of the k-th slice, as dcm2niix flips rows;</li>
 *   <li>the affine is the LPS geometry turned to RAS (x and y negated);</li>
 *   <li>stored values with the rescale as the image's scale factors (int16; uint16 when unsigned
 *       values need 16 bits); slices that rescale differently become float32 values in the
 *       rescaled unit;</li>
 *   <li>unlike dcm2niix, pixel padding becomes air ({@link PixelPadding}).</li>
 * </ul>
 */
public final class SeriesAssembler {
    /** Directions and spacings that differ by less than this (cosines, mm) are the same. */
    static final double SAME_FRAME = 1e-4;
    /** A tilt below this (a slice step 1 % off the normal) is rounding in the positions, not a gantry tilt. */
    public static final double NO_TILT_DEGREES = Math.toDegrees(Math.atan(SliceGaps.UNIFORM_STEP));
    private static final int MAX_VOXELS = Integer.MAX_VALUE - 8;

    private SeriesAssembler() {
    }

    /** One slice: its file, placement, format and distance along the series normal. */
    private record Slice(DicomFrame image, SlicePlacement placement, FrameFormat format, double along) {
    }

    /**
     * The volume of {@code files}, the images of one series, its frames decoded by
     * {@code parallel}; a gantry tilt corrected or refused as {@code tilt} says.
     */
    public static NiftiImage assemble(List<DicomFrame> files, String source, Parallel parallel, GantryTilt tilt)
            throws DicomException {
        if (files.isEmpty()) {
            throw new DicomException(source, "no DICOM slices");
        }
        SlicePlacement first = SlicePlacement.of(files.get(0).attributes());
        FrameFormat format = FrameFormat.of(files.get(0).attributes());
        double[] normal = first.normal();
        List<Slice> slices = new ArrayList<>();
        for (DicomFrame f : files) {
            SlicePlacement p = SlicePlacement.of(f.attributes());
            FrameFormat fmt = FrameFormat.of(f.attributes());
            if (!p.sameFrameAs(first, SAME_FRAME)) {
                throw new InconsistentSeriesException(source, "mixed orientations or pixel spacings: " + describe(first) + " in "
                        + files.get(0).attributes().source() + ", " + describe(p) + " in " + f.attributes().source());
            }
            if (!fmt.equals(format)) {
                throw new InconsistentSeriesException(source, "mixed pixel formats: " + format + " and " + fmt + " in "
                        + f.attributes().source());
            }
            slices.add(new Slice(f, p, fmt, SlicePlacement.dot(p.position(), normal)));
        }
        slices.sort(Comparator.comparingDouble(Slice::along));
        Stack stack = stack(slices, first, tilt, format.rows(), source);
        int rows = stack.tilt() == null ? format.rows() : stack.tilt().rows();
        long voxels = (long) format.columns() * rows * slices.size();
        if (voxels > MAX_VOXELS) {
            throw new DicomException(source, "series of " + voxels + " voxels exceeds " + MAX_VOXELS);
        }
        Shape shape = new Shape(format.columns(), format.rows(), slices.size());
        boolean uniform = uniformRescale(slices);
        ScaleFactors scale = scaleOf(slices, uniform);
        VoxelArray stored = voxelsOf(slices, format, shape, uniform, parallel);
        double[] firstPixel = slices.get(0).placement().position();
        if (stack.tilt() != null) {
            stored = stack.tilt().apply(stored, shape, air(scale, stored));
            shape = new Shape(format.columns(), rows, slices.size());
            firstPixel = stack.tilt().reference();
        }
        return new NiftiImage(shape, stored, affine(first, firstPixel, stack.step(), format.rows()),
                new double[] {first.columnSpacing(), first.rowSpacing(), SlicePlacement.norm(stack.step())}, scale);
    }

    /** How the slices stack: the step from one to the next, and the correction of a gantry tilt (null when none). */
    private record Stack(double[] step, TiltCorrection tilt) {
    }

    /** Air (-1024 HU) as a voxel value of {@code voxels} under {@code scale}, within its type's range. */
    private static double air(ScaleFactors scale, VoxelArray voxels) {
        double value = Math.round((-1024 - scale.inter()) / scale.slope());
        return switch (voxels.type()) {
            case INT16 -> Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
            case UINT16 -> Math.max(0, Math.min(0xFFFF, value));
            default -> value;
        };
    }

    private static String describe(SlicePlacement p) {
        return "orientation " + Arrays.toString(p.rowDirection()) + Arrays.toString(p.columnDirection()) + " spacing "
                + p.rowSpacing() + "\\" + p.columnSpacing();
    }

    /**
     * The step between consecutive slices, from the first and last positions; each step must match
     * it, and it must follow the normal, or else (a gantry tilt) the slices are shifted onto it.
     */
    private static Stack stack(List<Slice> slices, SlicePlacement frame, GantryTilt policy, int rows, String source)
            throws InconsistentSeriesException {
        double[] normal = frame.normal();
        int n = slices.size();
        if (n == 1) {
            return new Stack(normal, null); // one slice: a unit step along the normal, as dcm2niix
        }
        double[] firstPosition = slices.get(0).placement().position();
        double[] lastPosition = slices.get(n - 1).placement().position();
        double[] step = new double[3];
        for (int a = 0; a < 3; a++) {
            step[a] = (lastPosition[a] - firstPosition[a]) / (n - 1);
        }
        double[] along = slices.stream().mapToDouble(Slice::along).toArray();
        SliceGaps gaps = SliceGaps.of(along);
        if (gaps.problem() != null) {
            int k = gaps.problemAt();
            String between = slices.get(k).image().attributes().source() + " and " + slices.get(k + 1).image().attributes().source();
            throw new InconsistentSeriesException(source, switch (gaps.problem()) {
                case DUPLICATE -> "duplicate slice position " + Arrays.toString(slices.get(k + 1).placement().position())
                        + " in " + between;
                case MISSING, NON_UNIFORM -> gaps.problem().text() + ": " + gaps.gapAt(along) + " mm between " + between
                        + ", " + gaps.typical() + " mm elsewhere";
            });
        }
        double tilt = SlicePlacement.tiltDegrees(firstPosition, lastPosition, normal);
        if (tilt <= NO_TILT_DEGREES) {
            return new Stack(step, null);
        }
        if (policy == GantryTilt.REFUSE) {
            throw new InconsistentSeriesException(source, String.format(java.util.Locale.ROOT,
                    "gantry tilt: slices step %.2f degrees off their normal; tilted series are refused", tilt));
        }
        double alongStep = (along[n - 1] - along[0]) / (n - 1);
        double[][] positions = slices.stream().map(s -> s.placement().position()).toArray(double[][]::new);
        return new Stack(new double[] {alongStep * normal[0], alongStep * normal[1], alongStep * normal[2]},
                TiltCorrection.of(positions, frame, rows, source));
    }

    /**
     * LPS: column i along the row direction, row r along the column direction; rows flipped (the
     * first pixel of {@code rows} rows is voxel j = rows - 1), then to RAS.
     */
    private static Affine affine(SlicePlacement frame, double[] firstPixel, double[] step, int rows) {
        double[] c0 = new double[3];
        double[] c1 = new double[3];
        double[] origin = new double[3];
        for (int a = 0; a < 3; a++) {
            c0[a] = frame.rowDirection()[a] * frame.columnSpacing();
            c1[a] = -frame.columnDirection()[a] * frame.rowSpacing();
            origin[a] = firstPixel[a] - (rows - 1) * c1[a];
        }
        double[] ras = new double[16];
        for (int a = 0; a < 3; a++) {
            double sign = a < 2 ? -1 : 1;
            ras[4 * a] = sign * c0[a];
            ras[4 * a + 1] = sign * c1[a];
            ras[4 * a + 2] = sign * step[a];
            ras[4 * a + 3] = sign * origin[a];
        }
        ras[15] = 1;
        return Affine.ofRowMajor(ras);
    }

    private static double[] rescale(DicomAttributes a) throws DicomException {
        return new double[] {a.number(DicomTag.RESCALE_SLOPE).orElse(1.0), a.number(DicomTag.RESCALE_INTERCEPT).orElse(0.0)};
    }

    private static boolean uniformRescale(List<Slice> slices) throws DicomException {
        double[] first = rescale(slices.get(0).image().attributes());
        for (Slice s : slices) {
            if (!Arrays.equals(rescale(s.image().attributes()), first)) {
                return false;
            }
        }
        return true;
    }

    private static ScaleFactors scaleOf(List<Slice> slices, boolean uniform) throws DicomException {
        if (!uniform) {
            return ScaleFactors.IDENTITY; // the voxels hold rescaled values
        }
        double[] r = rescale(slices.get(0).image().attributes());
        return new ScaleFactors(r[0], r[1]);
    }

    /** The slices' voxels; each slice is decoded into its own part of the volume, in parallel. */
    private static VoxelArray voxelsOf(List<Slice> slices, FrameFormat format, Shape shape, boolean uniform,
                                       Parallel parallel) throws DicomException {
        short[] stored = uniform ? new short[(int) shape.voxels()] : null;
        float[] rescaled = uniform ? null : new float[(int) shape.voxels()];
        try {
            parallel.forEach(slices.size(), k -> {
                try {
                    decodeSlice(slices.get(k).image(), k, format, stored, rescaled);
                } catch (DicomException e) {
                    throw new UncheckedDicomException(e);
                }
            });
        } catch (UncheckedDicomException e) {
            throw e.getCause();
        }
        if (!uniform) {
            return VoxelArray.ofFloat32(rescaled);
        }
        boolean needsUnsigned = !format.signed() && format.bitsStored() == 16 && anyAbove32767(stored);
        return needsUnsigned ? VoxelArray.ofUint16(stored) : VoxelArray.ofInt16(stored);
    }

    /** Slice {@code k} into {@code stored} (null when the slices rescale differently) or else {@code rescaled}. */
    private static void decodeSlice(DicomFrame image, int k, FrameFormat format, short[] stored, float[] rescaled)
            throws DicomException {
        int nx = format.columns();
        int ny = format.rows();
        short[] frame = FrameDecoder.decode(image.file(), format, image.frames(), image.frame());
        double[] r = rescale(image.attributes());
        Optional<PixelPadding> padding = PixelPadding.of(image.attributes(), format);
        if (padding.isPresent()) {
            padding.get().toAir(frame, format, r[0], r[1]);
        }
        for (int row = 0; row < ny; row++) {
            int to = (k * ny + (ny - 1 - row)) * nx;
            if (stored != null) {
                System.arraycopy(frame, row * nx, stored, to, nx);
            } else {
                for (int x = 0; x < nx; x++) {
                    int value = format.signed() || format.bitsStored() < 16 ? frame[row * nx + x] : frame[row * nx + x] & 0xFFFF;
                    rescaled[to + x] = (float) (value * r[0] + r[1]);
                }
            }
        }
    }

    /** Carries a slice's failure out of the parallel loop. */
    private static final class UncheckedDicomException extends RuntimeException {
        UncheckedDicomException(DicomException cause) {
            super(cause);
        }

        @Override
        public synchronized DicomException getCause() {
            return (DicomException) super.getCause();
        }
    }

    private static boolean anyAbove32767(short[] values) {
        for (short v : values) {
            if (v < 0) {
                return true;
            }
        }
        return false;
    }
}
