package org.cohortseg.pipeline;

/** Outcome of one scan in a cohort run. */
public enum ScanStatus {
    /** Segmented and measured. */
    OK,
    /** Not measured; the scan row says why (error class and message). */
    FAILED
}
