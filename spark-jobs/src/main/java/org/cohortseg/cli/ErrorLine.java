package org.cohortseg.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.cohortseg.io.Redaction;

/**
 * A failure as one line for a person: what went wrong and with which file, credentials masked.
 * The stack trace is for {@code --verbose}.
 */
final class ErrorLine {
    private ErrorLine() {
    }

    /** One line describing {@code error}. */
    static String of(Throwable error) {
        String message = error.getMessage() == null || error.getMessage().isBlank() ? error.getClass().getSimpleName()
                : error.getMessage().strip().lines().findFirst().orElse("");
        String line = message;
        if (error instanceof NoSuchFileException) {
            line = "no such file: " + message;
        } else if (error instanceof AccessDeniedException) {
            line = "permission denied: " + message;
        } else if (error instanceof FileAlreadyExistsException) {
            line = "file exists: " + message;
        } else if (error instanceof OutOfMemoryError) {
            line = "out of memory (" + message + "): give the JVM more heap (JAVA_OPTS=-Xmx...)";
        }
        return Redaction.redact(line);
    }
}
