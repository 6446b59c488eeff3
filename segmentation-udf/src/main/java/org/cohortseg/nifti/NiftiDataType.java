package org.cohortseg.nifti;

/** The NIfTI datatypes this codec reads, with their header codes and sizes in bytes. */
public enum NiftiDataType {
    UINT8(2, 1),
    INT16(4, 2),
    INT32(8, 4),
    FLOAT32(16, 4),
    FLOAT64(64, 8),
    INT8(256, 1),
    UINT16(512, 2),
    UINT32(768, 4),
    INT64(1024, 8);

    private final int code;
    private final int bytes;

    NiftiDataType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The NIfTI header code (field {@code datatype}). */
    public int code() {
        return code;
    }

    /** Bytes per voxel. */
    public int bytes() {
        return bytes;
    }

    /** Bits per voxel, the header's {@code bitpix}. */
    public int bitpix() {
        return bytes * 8;
    }

    /**
     * The datatype for a header code.
     *
     * @throws UnsupportedDatatypeException for codes this reader does not support (complex, RGB, float128, ...)
     */
    public static NiftiDataType fromCode(int code, String source) throws UnsupportedDatatypeException {
        for (NiftiDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new UnsupportedDatatypeException(source, "unsupported datatype code " + code
                + " (supported: uint8, int8, int16, uint16, int32, uint32, int64, float32, float64)");
    }
}
