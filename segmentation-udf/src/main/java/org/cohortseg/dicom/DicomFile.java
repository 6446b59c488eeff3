package org.cohortseg.dicom;

import java.util.Optional;

/**
 * One parsed DICOM file: its kept attributes, transfer syntax (and the UID as written) and, unless
 * only the header was parsed, its pixel data.
 */
public record DicomFile(DicomAttributes attributes, TransferSyntax syntax, String syntaxUid, Optional<PixelData> pixels) {
}
