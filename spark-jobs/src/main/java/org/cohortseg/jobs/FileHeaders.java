package org.cohortseg.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.cohortseg.dicom.index.HeaderReader;
import org.cohortseg.io.ScanStore;
import org.cohortseg.pipeline.CtReader;

/**
 * What an executor makes of one listed file for the index: the header of each DICOM file in it
 * (one, or one per entry of a zip archive), or why there is none. Never throws: a file that
 * cannot be read at all is {@code UNREADABLE} with the reason.
 */
final class FileHeaders {
    private FileHeaders() {
    }

    /** One file (or archive entry) and what it is. */
    record Outcome(String file, HeaderReader.Outcome outcome) implements Serializable {
    }

    /** A listed file: its path and size. */
    record Listed(String path, long bytes) implements Serializable {
    }

    /** The files of one partition, all on the file system of {@code root}. */
    static Iterator<Outcome> of(Iterator<Listed> files, String root, Configuration conf) throws IOException {
        FileSystem fs = HadoopScanStore.fileSystem(new Path(root), conf); // once: its cache lookup is synchronized
        List<Outcome> out = new ArrayList<>();
        while (files.hasNext()) {
            out.addAll(of(files.next(), fs));
        }
        return out.iterator();
    }

    private static List<Outcome> of(Listed listed, FileSystem fs) {
        Path p = new Path(listed.path());
        try {
            if (CtReader.isDicomZip(listed.path())) {
                try (InputStream in = fs.open(p)) {
                    return entries(in, listed.path());
                }
            }
            return List.of(new Outcome(listed.path(), HeaderReader.read(listed.path(), p.getParent().toString(), listed.bytes(),
                    n -> prefix(fs, p, n))));
        } catch (IOException | RuntimeException e) {
            return List.of(new Outcome(listed.path(), new HeaderReader.Unreadable(e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
    }

    private static byte[] prefix(FileSystem fs, Path p, int n) throws IOException {
        byte[] bytes = new byte[n];
        try (FSDataInputStream in = fs.open(p)) {
            in.readFully(0, bytes);
        }
        return bytes;
    }

    /** Each entry of a zip archive; the archive is where its entries lie. */
    private static List<Outcome> entries(InputStream in, String archive) throws IOException {
        List<Outcome> out = new ArrayList<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            if (e.isDirectory()) {
                continue;
            }
            String name = archive + "!" + e.getName();
            byte[] bytes = zip.readNBytes((int) ScanStore.MAX_FILE_BYTES + 1);
            if (bytes.length > ScanStore.MAX_FILE_BYTES) {
                out.add(new Outcome(name, new HeaderReader.Unreadable("entry exceeds " + ScanStore.MAX_FILE_BYTES + " bytes")));
                continue;
            }
            out.add(new Outcome(name, HeaderReader.read(name, archive, bytes.length, n -> Arrays.copyOf(bytes, n))));
        }
        return out;
    }
}
