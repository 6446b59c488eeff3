package org.cohortseg.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.nifti.NiftiImage;

/**
 * Reads one DICOM series, from a folder (searched recursively) or a zip archive, into the image
 * dcm2niix would write for it ({@link SeriesAssembler}). Files that are not DICOM, or hold no
 * pixels (a DICOMDIR), are skipped; a folder that holds more than one series is an error listing
 * them, as is a multi-frame file.
 */
public final class DicomSeriesReader {
    /** A single file larger than this is refused before it is read. */
    static final long MAX_FILE_BYTES = 1L << 30;
    private final Parallel parallel;

    /** A reader that decodes frames on all cores. */
    public DicomSeriesReader() {
        this(new Parallel(Runtime.getRuntime().availableProcessors()));
    }

    /** A reader that decodes frames on {@code parallel}'s threads. */
    public DicomSeriesReader(Parallel parallel) {
        this.parallel = parallel;
    }

    /** The series in {@code path} (a folder or a .zip). */
    public NiftiImage read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return assemble(folder(path), path.toString());
        }
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        }
    }

    /** The series in a zip archive's stream. */
    public NiftiImage read(InputStream zip, String source) throws IOException {
        return assemble(zipEntries(zip, source), source);
    }

    private NiftiImage assemble(Map<String, byte[]> contents, String source) throws IOException {
        List<DicomFile> files = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            try {
                DicomFile file = DicomFileParser.parse(e.getValue(), e.getKey(), true);
                if (file.pixels().isPresent()) { // a DICOMDIR or a report is no slice
                    files.add(file);
                }
            } catch (NotDicomException skipped) {
                // a README, a DICOMDIR's neighbours: not part of the series
            }
        }
        Map<String, List<DicomFile>> series = new LinkedHashMap<>();
        for (DicomFile f : files) {
            series.computeIfAbsent(SeriesKey.of(f.attributes()), k -> new ArrayList<>()).add(f);
        }
        if (series.isEmpty()) {
            throw new DicomException(source, "no DICOM images");
        }
        if (series.size() > 1) {
            throw new InconsistentSeriesException(source, "holds " + series.size() + " series: " + series.keySet());
        }
        for (DicomFile f : files) {
            int frames = f.attributes().number(DicomTag.NUMBER_OF_FRAMES).orElse(1.0).intValue();
            if (frames != 1) {
                throw new DicomException(f.attributes().source(), frames + " frames in one file: multi-frame images are not read yet");
            }
        }
        return SeriesAssembler.assemble(files, source, parallel);
    }

    /** File name -> bytes of a folder's regular files, recursively, in name order. */
    private static Map<String, byte[]> folder(Path path) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                if (Files.size(p) > MAX_FILE_BYTES) {
                    throw new DicomException(p.toString(), "file of " + Files.size(p) + " bytes exceeds " + MAX_FILE_BYTES);
                }
                out.put(p.toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** Entry name -> bytes of a zip archive, in name order. */
    private static Map<String, byte[]> zipEntries(InputStream in, String source) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            if (!e.isDirectory()) {
                byte[] bytes = zip.readNBytes((int) MAX_FILE_BYTES + 1);
                if (bytes.length > MAX_FILE_BYTES) {
                    throw new DicomException(source + "!" + e.getName(), "entry exceeds " + MAX_FILE_BYTES + " bytes");
                }
                out.put(source + "!" + e.getName(), bytes);
            }
        }
        return out;
    }
}
