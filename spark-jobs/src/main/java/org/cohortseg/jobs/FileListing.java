package org.cohortseg.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Every regular file under a folder of a Hadoop file system. On object stores one flat listing
 * ({@code listFiles}, recursive); on the local file system folder by folder, because its
 * {@code listFiles} reads each file's permissions by starting a process (about 8 ms a file without
 * Hadoop's native library: 70 s for an export of 8500 files).
 */
final class FileListing {
    private FileListing() {
    }

    static List<FileStatus> files(FileSystem fs, Path root) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        if (fs instanceof RawLocalFileSystem) {
            walk(fs, fs.getFileStatus(root), out);
        } else {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }

    private static void walk(FileSystem fs, FileStatus status, List<FileStatus> out) throws IOException {
        if (!status.isDirectory()) {
            out.add(status);
            return;
        }
        for (FileStatus child : fs.listStatus(status.getPath())) {
            walk(fs, child, out);
        }
    }
}
