package org.cohortseg.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.io.LocalScanStore;
import org.cohortseg.io.ScanStore;
import org.cohortseg.nifti.NiftiImage;

/**
 * Reads one DICOM series, from a folder (searched recursively) or a zip archive, into the image
 * dcm2niix would write for it ({@link SeriesAssembler}). Files that are not DICOM, or hold no
 * pixels (a DICOMDIR), are skipped; a folder that holds more than one series is an error listing
 * them unless a {@link SeriesReference} names one. An enhanced multi-frame file is a series of its
 * frames.
 */
public final class DicomSeriesReader {
    private final Parallel parallel;
    private final GantryTilt tilt;

    /** A reader that decodes frames on all cores and corrects a gantry tilt. */
    public DicomSeriesReader() {
        this(new Parallel(Runtime.getRuntime().availableProcessors()), GantryTilt.CORRECT);
    }

    /** A reader that decodes frames on {@code parallel}'s threads and corrects or refuses a gantry tilt. */
    public DicomSeriesReader(Parallel parallel, GantryTilt tilt) {
        this.parallel = parallel;
        this.tilt = tilt;
    }

    /** The only series in {@code path} (a local folder or .zip). */
    public NiftiImage read(Path path) throws IOException {
        return read(new SeriesReference(path.toString(), Optional.empty()), LocalScanStore.INSTANCE);
    }

    /** The series a reference names in {@code store}: a folder or .zip, and the series' UID where it holds several. */
    public NiftiImage read(SeriesReference reference, ScanStore store) throws IOException {
        String location = reference.location();
        if (store.isDirectory(location)) {
            return read(store.files(location), location, reference.seriesUid());
        }
        try (InputStream in = store.open(location)) {
            return read(in, location, reference.seriesUid());
        }
    }

    /** The series in a zip archive's stream: the only one, or the one with {@code seriesUid}. */
    public NiftiImage read(InputStream zip, String source, Optional<String> seriesUid) throws IOException {
        return read(zipEntries(zip, source), source, seriesUid);
    }

    /**
     * The series among named files (file name -> bytes, e.g. a folder listed on a Hadoop file
     * system): the only one, or the one with {@code seriesUid}.
     */
    public NiftiImage read(Map<String, byte[]> contents, String source, Optional<String> seriesUid) throws IOException {
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
        List<DicomFile> chosen;
        if (seriesUid.isPresent()) {
            chosen = series.get(seriesUid.get());
            if (chosen == null) {
                throw new DicomException(source, "holds no series " + seriesUid.get() + " (it holds " + series.keySet() + ")");
            }
        } else if (series.size() > 1) {
            throw new InconsistentSeriesException(source, "holds " + series.size() + " series: " + series.keySet()
                    + "; name one as " + SeriesReference.format(source, "<SeriesInstanceUID>"));
        } else {
            chosen = series.values().iterator().next();
        }
        List<DicomFrame> images = new ArrayList<>();
        for (DicomFile f : chosen) {
            images.addAll(DicomFrame.of(f));
        }
        return SeriesAssembler.assemble(images, source, parallel, tilt);
    }

    /** Entry name -> bytes of a zip archive, in name order. */
    private static Map<String, byte[]> zipEntries(InputStream in, String source) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            if (!e.isDirectory()) {
                byte[] bytes = zip.readNBytes((int) ScanStore.MAX_FILE_BYTES + 1);
                if (bytes.length > ScanStore.MAX_FILE_BYTES) {
                    throw new DicomException(source + "!" + e.getName(), "entry exceeds " + ScanStore.MAX_FILE_BYTES + " bytes");
                }
                out.put(source + "!" + e.getName(), bytes);
            }
        }
        return out;
    }
}
