package org.cohortseg.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import org.cohortseg.concurrency.Parallel;
import org.cohortseg.dicom.DicomSeriesReader;
import org.cohortseg.dicom.GantryTilt;
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
    private final DicomSeriesReader dicom;

    /** @param nifti the NIfTI reader, with the limits of this run (which also say whether a gantry tilt is refused) */
    public CtReader(NiftiReader nifti) {
        this.nifti = nifti;
        this.dicom = new DicomSeriesReader(new Parallel(Runtime.getRuntime().availableProcessors()),
                nifti.limits().refuseGantryTilt() ? GantryTilt.REFUSE : GantryTilt.CORRECT);
    }

    /** Whether {@code name} names a zipped DICOM series. */
    public static boolean isDicomZip(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** A local NIfTI file or DICOM series. */
    public NiftiImage read(Path path) throws IOException {
        return read(path.toString(), LocalScanStore.INSTANCE);
    }

    /** Whether {@code name} names a NIfTI file (a folder so named is a mistake, not a DICOM series). */
    private static boolean isNiftiName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".nii") || lower.endsWith(".nii.gz");
    }

    /** The CT at {@code location} in {@code store}: a NIfTI file, or a DICOM folder, .zip or series reference. */
    public NiftiImage read(String location, ScanStore store) throws IOException {
        SeriesReference series = SeriesReference.parse(location);
        if (series.seriesUid().isPresent() || isDicomZip(location) || !isNiftiName(location) && store.isDirectory(location)) {
            return dicom.read(series, store);
        }
        try (InputStream in = store.open(location)) {
            return nifti.read(in, location);
        }
    }
}
