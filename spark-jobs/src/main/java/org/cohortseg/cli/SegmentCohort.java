package org.cohortseg.cli;

/**
 * spark-submit entry point of the cohort job: the same options as {@code cohortseg segment}.
 * <pre>
 * spark-submit --class org.cohortseg.cli.SegmentCohort spark-jobs-*-app.jar --manifest M --model SPEC --out DIR
 * </pre>
 */
public final class SegmentCohort {
    private SegmentCohort() {
    }

    public static void main(String[] args) {
        CohortsegCli.submitted("segment", args);
    }
}
