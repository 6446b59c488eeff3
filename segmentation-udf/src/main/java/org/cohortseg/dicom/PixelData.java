package org.cohortseg.dicom;

import java.util.List;

/** A file's pixel data as stored: one native value, or the fragments of encapsulated frames. */
public sealed interface PixelData {
    /** Native pixels: {@code length} bytes of {@code bytes} from {@code offset}, in the dataset's byte order. */
    record Native(byte[] bytes, int offset, int length) implements PixelData {
    }

    /**
     * Encapsulated pixels: the basic offset table (byte offsets of each frame's first fragment,
     * measured from the first fragment; empty when the writer left it empty) and the fragments.
     */
    record Encapsulated(long[] frameOffsets, List<byte[]> fragments) implements PixelData {
    }
}
