package org.cohortseg.engine;

import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;

/**
 * The result of segmenting one CT.
 *
 * @param labels global label ids (uint8) on the CT's own grid and orientation
 * @param modelGrid the canonical grid at the model spacing that the networks saw
 * @param timings seconds per stage
 */
public record Segmentation(NiftiImage labels, Shape modelGrid, StageTimings timings) {
}
