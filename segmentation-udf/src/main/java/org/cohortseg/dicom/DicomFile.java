package org.cohortseg.dicom;

import java.util.List;
import java.util.Optional;

/**
 * One parsed DICOM file: its kept attributes, transfer syntax (and the UID as written), whether the
 * parse reached the pixel data element (false for a document without an image, or for bytes that
 * end before it), the attributes of each frame of an enhanced multi-frame image (none for a
 * single-frame image) and, unless only the header was parsed, the pixel data.
 */
public record DicomFile(DicomAttributes attributes, TransferSyntax syntax, String syntaxUid, boolean pixelDataFound,
                        List<DicomAttributes> frames, Optional<PixelData> pixels) {

    public DicomFile {
        frames = List.copyOf(frames);
    }
}
