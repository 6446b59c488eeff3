package org.cohortseg.engine;

import java.io.IOException;

/** The CT holds (almost) no body tissue, so there are no structures to find: air, or an empty volume. */
public final class NoBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    public NoBodyException(String message) {
        super(message);
    }
}
