package org.cohortseg.jobs;

import java.io.IOException;

/** A manifest path that cannot be used: unparseable, or holding credentials. The row's FAILED reason. */
public final class InvalidScanPathException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidScanPathException(String message) {
        super(message);
    }
}
