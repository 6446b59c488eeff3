package org.cohortseg.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Scans on the local file system. */
public final class LocalScanStore implements ScanStore {
    /** The one instance (it holds no state). */
    public static final LocalScanStore INSTANCE = new LocalScanStore();

    private LocalScanStore() {
    }

    @Override
    public boolean isDirectory(String location) {
        return Files.isDirectory(Path.of(location));
    }

    @Override
    public InputStream open(String location) throws IOException {
        return Files.newInputStream(Path.of(location));
    }

    @Override
    public Map<String, byte[]> files(String folder) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(Path.of(folder))) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                long size = Files.size(p);
                if (size > MAX_FILE_BYTES) {
                    throw new IOException(p + ": file of " + size + " bytes exceeds " + MAX_FILE_BYTES);
                }
                out.put(p.toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
