package org.cohortseg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "s3a://AKIA123:abc/def+ghi@bucket/a.nii.gz|s3a://***@bucket/a.nii.gz",
        "cannot open s3a://KEY:SECRET@b/x and hdfs://user@nn:8020/y|cannot open s3a://***@b/x and hdfs://***@nn:8020/y",
        "file://me:pw@localhost/tmp/ct.nii|file://***@localhost/tmp/ct.nii",
        "https://user:p%40ss@host/p|https://***@host/p"})
    void userInfoIsMasked(String text, String redacted) {
        assertTrue(Redaction.hasUserInfo(text));
        assertEquals(redacted, Redaction.redact(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3a://bucket/dir/scan@2.nii.gz", "/data/a:b@c.nii", "s3a://bucket/a b.nii", "plain text",
        "mailto:someone@example.org", "file:/tmp/x@y"})
    void pathsWithoutUserInfoStayAsTheyAre(String text) {
        assertFalse(Redaction.hasUserInfo(text));
        assertEquals(text, Redaction.redact(text));
    }

    @org.junit.jupiter.api.Test
    void nullStaysNull() {
        assertNull(Redaction.redact(null));
    }
}
