package org.cohortseg.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Shape;
import org.cohortseg.labels.LabelMap;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.VoxelArray;

/**
 * Measures every structure of a label map in one pass over a CT and its segmentation on the same
 * grid: voxel count, volume, exact HU statistics (from per-label histograms of the int16 HU
 * values), centroid, bounding box and TotalSegmentator's border (incomplete-structure) rule.
 * Slabs of slices are accumulated in parallel and merged; all sums are integers, so the result
 * does not depend on the number of threads.
 */
public final class StructureMeasurer {
    /** A mask with a voxel in the first or last this-many voxels along any axis touches the border. */
    public static final int BORDER_VOXELS = 3;
    /** Largest difference between the CT's and the segmentation's affines still taken as one grid (mm). */
    public static final double AFFINE_TOLERANCE_MM = 1e-3;
    private final Parallel parallel;

    /** A measurer using every core. */
    public StructureMeasurer() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** A measurer using {@code threads} threads. */
    public StructureMeasurer(int threads) {
        this(new Parallel(threads));
    }

    /** A measurer using the threads of {@code parallel} (a task's thread budget). */
    public StructureMeasurer(Parallel parallel) {
        this.parallel = parallel;
    }

    /**
     * Measures all labels of {@code labels} (labels in the segmentation that the map lacks are ignored).
     *
     * @throws GridMismatchException when the CT and segmentation differ in shape or affine
     */
    public List<StructureMeasures> measure(NiftiImage ct, NiftiImage segmentation, LabelMap labels) {
        checkSameGrid(ct, segmentation);
        int[] slotOf = new int[labels.maxId() + 1];
        Arrays.fill(slotOf, -1);
        List<Integer> ids = labels.ids();
        for (int s = 0; s < ids.size(); s++) {
            slotOf[ids.get(s)] = s;
        }
        short[] hu = TruncatedHu.of(ct);
        Shape shape = ct.shape();
        int slabs = Math.min(parallel.threads(), shape.nz());
        Accumulators[] parts = new Accumulators[slabs];
        parallel.forEach(slabs, k -> {
            parts[k] = new Accumulators(ids.size());
            accumulate(hu, segmentation.voxels(), shape, slotOf, parts[k], k * shape.nz() / slabs, (k + 1) * shape.nz() / slabs);
        });
        Accumulators acc = Arrays.stream(parts).reduce(Accumulators::merge).orElseThrow();
        double voxelVolume = voxelVolume(ct.voxelSizes());
        List<StructureMeasures> out = new ArrayList<>(ids.size());
        for (int s = 0; s < ids.size(); s++) {
            out.add(acc.result(s, ids.get(s), labels.name(ids.get(s)), voxelVolume, ct.shape(), ct.affine()));
        }
        return out;
    }

    /**
     * The voxel volume as TotalSegmentator computes it: the product of the header's voxel sizes, in
     * single precision when the sizes are single-precision values (NIfTI-1 pixdim), as numpy does.
     */
    public static double voxelVolume(double[] sizes) {
        boolean single = true;
        for (double s : sizes) {
            single &= (double) (float) s == s;
        }
        if (single) {
            return (float) sizes[0] * (float) sizes[1] * (float) sizes[2];
        }
        return sizes[0] * sizes[1] * sizes[2];
    }

    private static void checkSameGrid(NiftiImage ct, NiftiImage seg) {
        if (!ct.shape().equals(seg.shape())) {
            throw new GridMismatchException("CT shape " + ct.shape() + " differs from segmentation shape " + seg.shape());
        }
        double d = ct.affine().maxAbsDifference(seg.affine());
        if (d > AFFINE_TOLERANCE_MM) {
            throw new GridMismatchException("CT and segmentation affines differ by " + d + " mm: CT " + ct.affine()
                    + ", segmentation " + seg.affine());
        }
    }

    /** Adds slices z0 (inclusive) to z1 (exclusive), one run of equal labels along x at a time. */
    private static void accumulate(short[] hu, VoxelArray seg, Shape shape, int[] slotOf, Accumulators acc, int z0, int z1) {
        int nx = shape.nx();
        for (int z = z0; z < z1; z++) {
            for (int y = 0; y < shape.ny(); y++) {
                int row = shape.index(0, y, z);
                for (int x = 0; x < nx; ) {
                    long label = seg.getLong(row + x);
                    int end = x + 1;
                    while (end < nx && seg.getLong(row + end) == label) {
                        end++;
                    }
                    if (label > 0 && label < slotOf.length && slotOf[(int) label] >= 0) {
                        acc.addRun(slotOf[(int) label], hu, row, x, end, y, z);
                    }
                    x = end;
                }
            }
        }
    }

    /** Per-label running sums, bounding boxes and HU histograms (allocated on first voxel). */
    private static final class Accumulators {
        private final long[] count;
        private final long[] sumHu;
        private final long[][] sumXyz;
        private final int[][] min;
        private final int[][] max;
        private final HuHistogram[] histogram;

        Accumulators(int n) {
            count = new long[n];
            sumHu = new long[n];
            sumXyz = new long[n][3];
            min = new int[n][];
            max = new int[n][];
            histogram = new HuHistogram[n];
        }

        /** Voxels x0 .. x1-1 of row {@code row} (the index of x = 0), all of slot {@code s}. */
        void addRun(int s, short[] hu, int row, int x0, int x1, int y, int z) {
            if (count[s] == 0) {
                histogram[s] = new HuHistogram();
                min[s] = new int[] {x0, y, z};
                max[s] = new int[] {x1 - 1, y, z};
            }
            int length = x1 - x0;
            count[s] += length;
            HuHistogram h = histogram[s];
            long sum = 0;
            for (int i = row + x0, end = row + x1; i < end; i++) {
                sum += hu[i];
                h.add(hu[i]);
            }
            sumHu[s] += sum;
            long[] c = sumXyz[s];
            c[0] += (long) (x0 + x1 - 1) * length / 2; // x0 + ... + (x1 - 1)
            c[1] += (long) y * length;
            c[2] += (long) z * length;
            int[] lo = min[s];
            int[] hi = max[s];
            lo[0] = Math.min(lo[0], x0);
            hi[0] = Math.max(hi[0], x1 - 1);
            lo[1] = Math.min(lo[1], y);
            hi[1] = Math.max(hi[1], y);
            hi[2] = z; // z only grows in this scan order
        }

        /** Adds {@code other} (slices after this one's) into this; returns this. */
        Accumulators merge(Accumulators other) {
            for (int s = 0; s < count.length; s++) {
                if (other.count[s] == 0) {
                    continue;
                }
                if (count[s] == 0) {
                    histogram[s] = other.histogram[s];
                    min[s] = other.min[s];
                    max[s] = other.max[s];
                } else {
                    histogram[s].addAll(other.histogram[s]);
                    for (int a = 0; a < 3; a++) {
                        min[s][a] = Math.min(min[s][a], other.min[s][a]);
                        max[s][a] = Math.max(max[s][a], other.max[s][a]);
                    }
                }
                count[s] += other.count[s];
                sumHu[s] += other.sumHu[s];
                for (int a = 0; a < 3; a++) {
                    sumXyz[s][a] += other.sumXyz[s][a];
                }
            }
            return this;
        }

        StructureMeasures result(int s, int id, String name, double voxelVolume, Shape shape, Affine affine) {
            long n = count[s];
            double volume = n * voxelVolume;
            if (n == 0) {
                return new StructureMeasures(id, name, 0, volume, null, null, null, null, null, false);
            }
            double[] centroid = {sumXyz[s][0] / (double) n, sumXyz[s][1] / (double) n, sumXyz[s][2] / (double) n};
            double[] world = new double[3];
            for (int r = 0; r < 3; r++) {
                world[r] = affine.world(r, centroid[0], centroid[1], centroid[2]);
            }
            boolean border = false;
            for (int a = 0; a < 3; a++) {
                border |= min[s][a] < BORDER_VOXELS || max[s][a] >= shape.extent(a) - BORDER_VOXELS;
            }
            return new StructureMeasures(id, name, n, volume, summary(histogram[s].full(), n, sumHu[s]), centroid, world,
                    min[s].clone(), max[s].clone(), border);
        }

        private static HuSummary summary(int[] hist, long n, long sum) {
            double mean = sum / (double) n;
            double ss = 0;
            int lo = -1;
            int hi = -1;
            long air = 0;
            for (int b = 0; b < hist.length; b++) {
                if (hist[b] != 0) {
                    air += b - HuHistogram.FULL_OFFSET < HuSummary.AIR_HU ? hist[b] : 0;
                    double d = (b - HuHistogram.FULL_OFFSET) - mean;
                    ss += hist[b] * d * d;
                    lo = lo < 0 ? b : lo;
                    hi = b;
                }
            }
            return new HuSummary(mean, Math.sqrt(ss / n), lo - HuHistogram.FULL_OFFSET, hi - HuHistogram.FULL_OFFSET,
                    percentile(hist, n, 0.5), percentile(hist, n, 0.05), percentile(hist, n, 0.95), air / (double) n);
        }

        /** Linear interpolation between order statistics at rank (n - 1) q (numpy default). */
        private static double percentile(int[] hist, long n, double q) {
            double rank = (n - 1) * q;
            long below = (long) Math.floor(rank);
            double frac = rank - below;
            int lower = orderStatistic(hist, below);
            if (frac == 0) {
                return lower;
            }
            int upper = orderStatistic(hist, below + 1);
            return lower + frac * (upper - lower);
        }

        /** The value of the k-th smallest element (0-based). */
        private static int orderStatistic(int[] hist, long k) {
            long seen = 0;
            for (int b = 0; b < hist.length; b++) {
                seen += hist[b];
                if (seen > k) {
                    return b - HuHistogram.FULL_OFFSET;
                }
            }
            throw new IllegalStateException("order statistic " + k + " beyond the histogram");
        }
    }
}
