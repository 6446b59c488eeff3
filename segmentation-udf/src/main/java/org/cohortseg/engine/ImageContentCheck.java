package org.cohortseg.engine;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;

/**
 * What a CT must hold before it is worth segmenting, checked in one parallel pass over its voxels:
 * only finite values (NaN or infinity is bad image data, not a model problem), and some body: at
 * least a given volume (by default {@link #MIN_BODY_ML} ml) above {@link #BODY_HU} HU. A volume of air or of padding would
 * otherwise come back with "present" structures.
 */
final class ImageContentCheck {
    /** Denser than air and lung parenchyma's air spaces: soft tissue, fat, fluid and bone are all above it. */
    static final double BODY_HU = -500;
    /** Less tissue than this is not a body part: a finger holds about 20 ml. */
    static final double MIN_BODY_ML = 50;

    private final Parallel parallel;
    private final double minBodyMl;

    ImageContentCheck(Parallel parallel, double minBodyMl) {
        this.parallel = parallel;
        this.minBodyMl = minBodyMl;
    }

    /**
     * @throws InvalidImageDataException naming how many voxels are not finite and where the first is
     * @throws NoBodyException naming how much tissue there is
     */
    void check(NiftiImage ct) throws InvalidImageDataException, NoBodyException {
        LongAdder tissue = new LongAdder();
        LongAdder nonFinite = new LongAdder();
        AtomicInteger first = new AtomicInteger(Integer.MAX_VALUE);
        parallel.forEachRange(ct.shape().voxels(), (from, to) -> {
            long body = 0;
            long bad = 0;
            for (int i = from; i < to; i++) {
                double v = ct.value(i);
                if (!Double.isFinite(v)) {
                    first.accumulateAndGet(i, Math::min);
                    bad++;
                } else if (v > BODY_HU) {
                    body++;
                }
            }
            tissue.add(body);
            nonFinite.add(bad);
        });
        long bad = nonFinite.sum();
        int firstBad = first.get();
        if (bad > 0) {
            Shape s = ct.shape();
            int plane = s.nx() * s.ny();
            throw new InvalidImageDataException(String.format(Locale.ROOT, "bad image data: %d voxels are NaN or "
                    + "infinite, the first at voxel (%d, %d, %d) = %s", bad, firstBad % s.nx(), firstBad % plane / s.nx(),
                    firstBad / plane, ct.value(firstBad)));
        }
        double[] size = ct.voxelSizes();
        double ml = tissue.sum() * Math.abs(size[0] * size[1] * size[2]) / 1000;
        if (ml < minBodyMl) {
            throw new NoBodyException(String.format(Locale.ROOT, "no body in the image: %.1f ml above %.0f HU, "
                    + "fewer than the %.0f ml of any body part", ml, BODY_HU, minBodyMl));
        }
    }
}
