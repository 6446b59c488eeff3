package org.cohortseg.dicom;

/** What the reader does with a series whose slices step off their normal (a gantry tilt). */
public enum GantryTilt {
    /** Each slice shifted within its plane onto an orthogonal grid ({@link TiltCorrection}). */
    CORRECT,
    /** The series refused with the tilt as the reason. */
    REFUSE
}
