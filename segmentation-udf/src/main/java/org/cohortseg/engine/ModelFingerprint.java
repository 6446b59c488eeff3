package org.cohortseg.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a model's ONNX files (in part order): results say exactly which weights made them. */
public final class ModelFingerprint {
    private ModelFingerprint() {
    }

    /** Hex SHA-256 over the bytes of every part's ONNX file. */
    public static String sha256(ModelSpec spec) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        byte[] buffer = new byte[1 << 16];
        for (ModelPart part : spec.parts()) {
            try (InputStream in = Files.newInputStream(part.onnx())) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
