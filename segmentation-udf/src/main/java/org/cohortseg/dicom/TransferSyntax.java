package org.cohortseg.dicom;

import java.nio.ByteOrder;

/**
 * How a dataset is encoded after its file meta information: VR explicit or implicit, byte order,
 * deflated, and how its pixel data is compressed. Every compressed syntax of the standard is
 * explicit VR little endian with encapsulated pixel data, so a UID not listed here still has a
 * readable header; only its pixels are refused, naming the UID.
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", false, ByteOrder.LITTLE_ENDIAN, false, Codec.NATIVE),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", true, ByteOrder.LITTLE_ENDIAN, false, Codec.NATIVE),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", true, ByteOrder.LITTLE_ENDIAN, true, Codec.NATIVE),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", true, ByteOrder.BIG_ENDIAN, false, Codec.NATIVE),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", true, ByteOrder.LITTLE_ENDIAN, false, Codec.RLE),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", true, ByteOrder.LITTLE_ENDIAN, false, Codec.JPEG_LOSSLESS),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", true, ByteOrder.LITTLE_ENDIAN, false, Codec.JPEG_LOSSLESS),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", true, ByteOrder.LITTLE_ENDIAN, false, Codec.JPEG_LS),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", true, ByteOrder.LITTLE_ENDIAN, false, Codec.JPEG_LS),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", true, ByteOrder.LITTLE_ENDIAN, false, Codec.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", true, ByteOrder.LITTLE_ENDIAN, false, Codec.JPEG_2000),
    /** Any other UID: readable as explicit VR little endian, its pixels undecodable. */
    OTHER_ENCAPSULATED("", true, ByteOrder.LITTLE_ENDIAN, false, Codec.UNSUPPORTED);

    /** How pixel data is stored. */
    public enum Codec { NATIVE, RLE, JPEG_LOSSLESS, JPEG_LS, JPEG_2000, UNSUPPORTED }

    private final String uid;
    private final boolean explicitVr;
    private final ByteOrder order;
    private final boolean deflated;
    private final Codec codec;

    TransferSyntax(String uid, boolean explicitVr, ByteOrder order, boolean deflated, Codec codec) {
        this.uid = uid;
        this.explicitVr = explicitVr;
        this.order = order;
        this.deflated = deflated;
        this.codec = codec;
    }

    /** The syntax of this UID; {@link #OTHER_ENCAPSULATED} when it is none of the listed ones. */
    public static TransferSyntax of(String uid) {
        for (TransferSyntax t : values()) {
            if (t.uid.equals(uid)) {
                return t;
            }
        }
        return OTHER_ENCAPSULATED;
    }

    public String uid() {
        return uid;
    }

    public boolean explicitVr() {
        return explicitVr;
    }

    public ByteOrder order() {
        return order;
    }

    public boolean deflated() {
        return deflated;
    }

    public Codec codec() {
        return codec;
    }

    /** Whether pixel data is a sequence of fragments rather than one native value. */
    public boolean encapsulated() {
        return codec != Codec.NATIVE;
    }
}
