package org.cohortseg.dicom.index;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces patient ids by keyed hashes (HMAC-SHA256 with the user's key, the first 128 bits in
 * hex): the same id gives the same pseudonym under one key, so a subject's studies stay together,
 * and without the key the id cannot be recovered or tested by hashing guesses.
 */
public final class Pseudonyms {
    private static final int HEX_CHARACTERS = 32;
    private final SecretKeySpec key;

    /** @param key the secret key (at least 16 characters) */
    public Pseudonyms(String key) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException("a pseudonymisation key needs at least 16 characters");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The pseudonym of {@code patientId} (null stays null). */
    public String of(String patientId) {
        if (patientId == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(patientId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HEX_CHARACTERS);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
