package org.cohortseg.jobs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.cohortseg.io.Redaction;

/**
 * A manifest's path values as Hadoop paths. A value that starts with a scheme ({@code s3a://},
 * {@code file:/}) is a URI (percent escapes decoded when it is a valid one, taken as written when it
 * is not, e.g. with spaces); anything else is a file name, so colons, spaces, commas, quotes and
 * non-ASCII characters are simply part of it. A relative name resolves against the manifest's folder.
 */
final class ScanPaths {
    private static final Pattern URI_FORM = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*");

    private ScanPaths() {
    }

    private static Path uri(String value) {
        try {
            return new Path(new URI(value));
        } catch (URISyntaxException e) {
            return new Path(value);
        }
    }

    /** Why a path with user info is refused, or null when it has none. */
    static String credentialsProblem(String value) {
        return Redaction.hasUserInfo(value) ? credentials(value) : null;
    }

    private static String credentials(String value) {
        return "the path " + Redaction.redact(value) + " holds credentials: give them as configuration "
                + "(e.g. spark.hadoop.fs.s3a.access.key), never in a path";
    }

    /**
     * The path of {@code value} relative to {@code base} (qualified).
     *
     * @throws InvalidScanPathException when the value is empty, holds credentials or is not a path
     */
    static Path resolve(Path base, String value) throws InvalidScanPathException {
        if (value == null || value.isBlank()) {
            throw new InvalidScanPathException("the manifest gives no path");
        }
        if (Redaction.hasUserInfo(value)) {
            throw new InvalidScanPathException(credentials(value));
        }
        try {
            if (URI_FORM.matcher(value).matches()) {
                return uri(value);
            }
            String absolute = value.startsWith("/") ? value : base.toUri().getPath() + "/" + value;
            return new Path(base.toUri().getScheme(), base.toUri().getAuthority(), absolute);
        } catch (IllegalArgumentException e) {
            throw new InvalidScanPathException("the path '" + value + "' cannot be parsed: " + e.getMessage());
        }
    }
}
