package org.cohortseg.engine;

import java.io.IOException;

/** The model grid a scan implies (its extent at the model's spacing) needs more than the engine may use. */
public final class ModelGridTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelGridTooLargeException(String message) {
        super(message);
    }
}
