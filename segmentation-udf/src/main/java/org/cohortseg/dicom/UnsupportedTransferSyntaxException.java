package org.cohortseg.dicom;

/** Pixel data in a transfer syntax this reader does not decode; the message names its UID. */
public final class UnsupportedTransferSyntaxException extends DicomException {
    private static final long serialVersionUID = 1L;

    public UnsupportedTransferSyntaxException(String source, String uid) {
        super(source, "pixel data in transfer syntax " + uid + " cannot be decoded");
    }
}
