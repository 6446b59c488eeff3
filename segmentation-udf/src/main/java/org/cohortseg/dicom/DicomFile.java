package org.cohortseg.dicom;

import java.util.Optional;

/**
 * One parsed DICOM file: its kept attributes, transfer syntax (and the UID as written), whether the
 * parse reached the pixel data element (false for a document without an image, or for bytes that
 * end before it) and, unless only the header was parsed, the pixel data.
 */
public record DicomFile(DicomAttributes attributes, TransferSyntax syntax, String syntaxUid, boolean pixelDataFound,
                        Optional<PixelData> pixels) {
}
