package org.cohortseg.engine;

import java.io.IOException;

/** A model spec that cannot be used: malformed JSON, missing files, inconsistent labels, or ONNX shapes that do not fit. */
public final class ModelSpecException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelSpecException(String message) {
        super(message);
    }

    public ModelSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
