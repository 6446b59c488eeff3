package org.cohortseg.cli;

/** spark-submit entry point of the DICOM index: the same options as {@code cohortseg index}. */
public final class DicomIndex {
    private DicomIndex() {
    }

    public static void main(String[] args) {
        CohortsegCli.submitted("index", args);
    }
}
