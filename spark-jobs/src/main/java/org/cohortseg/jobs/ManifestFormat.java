package org.cohortseg.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** How a manifest is stored. AUTO tells from the content, never from the name's extension. */
public enum ManifestFormat {
    AUTO, CSV, PARQUET;

    private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    /** The concrete format of the manifest at {@code path}: Parquet for a folder or a file starting with PAR1. */
    ManifestFormat of(FileSystem fs, Path path) throws IOException {
        if (this != AUTO) {
            return this;
        }
        if (fs.getFileStatus(path).isDirectory()) {
            return PARQUET;
        }
        try (InputStream in = fs.open(path)) {
            return Arrays.equals(in.readNBytes(PARQUET_MAGIC.length), PARQUET_MAGIC) ? PARQUET : CSV;
        }
    }
}
