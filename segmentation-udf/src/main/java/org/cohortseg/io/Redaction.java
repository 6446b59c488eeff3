package org.cohortseg.io;

import java.util.regex.Pattern;

/**
 * Credentials written into URIs ({@code s3a://KEY:SECRET@bucket/...}) never reach a table, a log or
 * a message: the user info is replaced by {@value #MASK}. A secret may contain '/', as AWS secret
 * keys do; it ends at the first '@'.
 */
public final class Redaction {
    public static final String MASK = "***";
    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]*(?::[^@\\s]*)?@");

    private Redaction() {
    }

    /** {@code text} with the user info of every URI in it masked; null stays null. */
    public static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
    }

    /** Whether {@code text} holds a URI with user info. */
    public static boolean hasUserInfo(String text) {
        return text != null && USER_INFO.matcher(text).find();
    }

    /**
     * Refuses a location given with credentials in it (they would end up in tables and logs).
     *
     * @param option the option that gave it, for the message
     * @throws IllegalArgumentException naming the option and the masked location
     */
    public static void refuseUserInfo(String option, String location) {
        if (hasUserInfo(location)) {
            throw new IllegalArgumentException(option + " " + redact(location)
                    + " holds credentials: give them as configuration (e.g. spark.hadoop.fs.s3a.secret.key)");
        }
    }
}
