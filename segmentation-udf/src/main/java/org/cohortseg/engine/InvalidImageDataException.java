package org.cohortseg.engine;

import java.io.IOException;

/** The CT's voxels cannot be segmented as they are: NaN or infinite values. */
public final class InvalidImageDataException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidImageDataException(String message) {
        super(message);
    }
}
