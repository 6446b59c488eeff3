package org.cohortseg.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.cohortseg.dicom.DicomSeriesReader;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;

/**
 * Reads a CT wherever the tools take one: a NIfTI file, or a DICOM series as a folder or a .zip
 * archive (what the series becomes is the image dcm2niix would write for it, so everything
 * downstream is the same).
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

    /** A NIfTI file, a DICOM folder or a DICOM .zip. */
    public NiftiImage read(Path path) throws IOException {
        return Files.isDirectory(path) || isDicomZip(path.toString()) ? dicom.read(path) : nifti.read(path);
    }

    /** A stream of a NIfTI file or, when {@code source} ends in .zip, of a zipped DICOM series. */
    public NiftiImage read(InputStream in, String source) throws IOException {
        return isDicomZip(source) ? dicom.read(in, source) : nifti.read(in, source);
    }
}
