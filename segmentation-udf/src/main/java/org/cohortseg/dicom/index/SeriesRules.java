package org.cohortseg.dicom.index;

import java.io.Serializable;

/**
 * What makes a series usable for the study beyond being readable: enough slices, not too thick,
 * and, where the study wants none, no gantry tilt.
 *
 * @param minSlices fewest slices a usable series has
 * @param maxSliceSpacing largest slice spacing (mm) a usable series has
 * @param refuseTilt whether a tilted series is unusable (else the reader corrects it)
 */
public record SeriesRules(int minSlices, double maxSliceSpacing, boolean refuseTilt) implements Serializable {

    public SeriesRules {
        if (minSlices < 2) {
            throw new IllegalArgumentException("a series needs at least 2 slices to be a volume, not " + minSlices);
        }
        if (!(maxSliceSpacing > 0)) {
            throw new IllegalArgumentException("the largest slice spacing must be positive, not " + maxSliceSpacing);
        }
    }

    /** 20 slices, 5 mm, tilts corrected. */
    public static SeriesRules defaults() {
        return new SeriesRules(20, 5, false);
    }
}
