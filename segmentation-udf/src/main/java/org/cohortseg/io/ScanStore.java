package org.cohortseg.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Where scans are stored (the local disk, a Hadoop file system), as the CT reader needs it: one
 * file's bytes as a stream, or every file under a folder (a DICOM series).
 */
public interface ScanStore {
    /** A single file larger than this is refused before it is read. */
    long MAX_FILE_BYTES = 1L << 30;

    /** Whether {@code location} is a folder. */
    boolean isDirectory(String location) throws IOException;

    /** The bytes of the file at {@code location}. */
    InputStream open(String location) throws IOException;

    /**
     * Every regular file under {@code folder}, recursively: name to bytes, in name order. A file
     * larger than {@link #MAX_FILE_BYTES} is refused, naming it, before it is read.
     */
    Map<String, byte[]> files(String folder) throws IOException;
}
