package org.cohortseg.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.cohortseg.dicom.index.SeriesRules;
import org.cohortseg.dicom.index.SeriesSelection;
import org.cohortseg.jobs.IndexJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cohortseg index}: a DICOM export's series, judged and selected into a manifest. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Index the DICOM files under a folder (any Hadoop FS; nested folders, zip archives): one row per "
                + "series in OUT/series, unreadable files in OUT/unreadable, one selected series per study in "
                + "OUT/manifest.csv for segment.")
final class IndexCommand implements Callable<Integer> {
    @Option(names = "--root", required = true, description = "Folder to index (local, hdfs://, s3a://).")
    String root;

    @Option(names = "--out", required = true, description = "Output folder.")
    String out;

    @Option(names = "--pseudonymize", paramLabel = "KEY", description = "Replace patient ids by their HMAC-SHA256 under "
            + "KEY (at least 16 characters; keep it secret: with it the ids can be matched again). Prefer "
            + "--pseudonymize-env, which keeps the key out of the process list.")
    String key;

    @Option(names = "--pseudonymize-env", paramLabel = "VAR", description = "Like --pseudonymize, with the key read from "
            + "environment variable VAR.")
    String keyVariable;

    @Option(names = "--min-slices", defaultValue = "20", description = "Fewest slices of a usable series (default: ${DEFAULT-VALUE}).")
    int minSlices;

    @Option(names = "--max-slice-spacing", defaultValue = "5", description = "Largest slice spacing of a usable series, mm "
            + "(default: ${DEFAULT-VALUE}).")
    double maxSliceSpacing;

    @Option(names = "--refuse-tilt", description = "Count a series with a gantry tilt as unusable (segment --refuse-tilt "
            + "refuses it too); by default the reader corrects the tilt.")
    boolean refuseTilt;

    @Option(names = "--prefer-kernel", split = ",", paramLabel = "REGEX", description = "Kernels preferred when a study "
            + "has several usable series, best first (regular expressions on ConvolutionKernel, e.g. 'B3.*,FC0[18]'); "
            + "then the thinnest slices and widest coverage win.")
    List<String> kernels = List.of();

    @Mixin
    SparkMasterMixin master;

    @Override
    public Integer call() throws Exception {
        if (key != null && keyVariable != null) {
            throw new IllegalArgumentException("give --pseudonymize or --pseudonymize-env, not both");
        }
        String pseudonymKey = key;
        if (keyVariable != null) {
            pseudonymKey = System.getenv(keyVariable);
            if (pseudonymKey == null) {
                throw new IllegalArgumentException("environment variable " + keyVariable + " is not set");
            }
        }
        IndexJob.Settings settings = new IndexJob.Settings(root, out, new SeriesRules(minSlices, maxSliceSpacing, refuseTilt),
                SeriesSelection.preferring(kernels), pseudonymKey);
        try (SparkSessions spark = master.open()) {
            IndexJob.run(spark.get(), settings, System.out);
            return 0;
        }
    }
}
