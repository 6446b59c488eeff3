package org.cohortseg.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import org.cohortseg.dicom.DicomSeriesReader;
import org.cohortseg.dicom.SeriesReference;
import org.cohortseg.io.LocalScanStore;
import org.cohortseg.io.ScanStore;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;

/**
 * Reads a CT wherever the tools take one: a NIfTI file, or a DICOM series as a folder, a .zip
 * archive or a {@link SeriesReference} ({@code folder#SeriesInstanceUID}). What a series becomes
 * is the image dcm2niix would write for it, so everything downstream is the same.
 */
public final class CtReader {
    private final NiftiReader nifti;
    private final DicomSeriesReader dicom = new DicomSeriesReader();

    /** @param nifti the NIfTI reader, with the size limits of this run */
    public CtReader(NiftiReader nifti) {
        this.nifti = nifti;
    }

    /** Whether {@code name} names a zipped DICOM series. */
    public static boolean isDicomZip(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** A local NIfTI file or DICOM series. */
    public NiftiImage read(Path path) throws IOException {
        return read(path.toString(), LocalScanStore.INSTANCE);
    }

    /** The CT at {@code location} in {@code store}: a NIfTI file, or a DICOM folder, .zip or series reference. */
    public NiftiImage read(String location, ScanStore store) throws IOException {
        SeriesReference series = SeriesReference.parse(location);
        if (series.seriesUid().isPresent() || isDicomZip(location) || store.isDirectory(location)) {
            return dicom.read(series, store);
        }
        try (InputStream in = store.open(location)) {
            return nifti.read(in, location);
        }
    }
}
