package org.cohortseg.jobs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.cohortseg.io.ScanStore;

/** Scans on any Hadoop file system (local, HDFS, s3a), as the executors read them. */
final class HadoopScanStore implements ScanStore {
    private final Configuration conf;

    HadoopScanStore(Configuration conf) {
        this.conf = conf;
    }

    /** The file system of {@code path}; scans have no checksum files, and looking for one breaks on names with a colon. */
    static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    @Override
    public boolean isDirectory(String location) throws IOException {
        Path p = new Path(location);
        try {
            return fileSystem(p, conf).getFileStatus(p).isDirectory();
        } catch (FileNotFoundException e) {
            return false; // opening it says so
        }
    }

    @Override
    public InputStream open(String location) throws IOException {
        Path p = new Path(location);
        return fileSystem(p, conf).open(p);
    }

    @Override
    public Map<String, byte[]> files(String folder) throws IOException {
        Path root = new Path(folder);
        FileSystem fs = fileSystem(root, conf);
        Map<String, byte[]> out = new TreeMap<>();
        for (FileStatus f : FileListing.files(fs, root)) {
            if (f.getLen() > MAX_FILE_BYTES) {
                throw new IOException(f.getPath() + ": file of " + f.getLen() + " bytes exceeds " + MAX_FILE_BYTES);
            }
            byte[] bytes = new byte[(int) f.getLen()];
            try (FSDataInputStream in = fs.open(f.getPath())) {
                in.readFully(0, bytes);
            }
            out.put(f.getPath().toString(), bytes);
        }
        return out;
    }
}
