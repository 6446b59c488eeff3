package org.cohortseg.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * Fingerprints of a model. {@link #sha256(ModelSpec)} covers the ONNX files (in part order): results
 * say exactly which weights made them. {@link #identity(ModelSpec)} also covers the spec's values:
 * models with the same identity segment alike, so they can share sessions.
 */
public final class ModelFingerprint {
    private ModelFingerprint() {
    }

    /** Hex SHA-256 over the bytes of every part's ONNX file. */
    public static String sha256(ModelSpec spec) throws IOException {
        MessageDigest digest = digest();
        addOnnxFiles(digest, spec);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Hex SHA-256 over the spec's values (grid, windows, labels, parts, normalisation) and the ONNX files. */
    public static String identity(ModelSpec spec) throws IOException {
        StringBuilder values = new StringBuilder(String.join("|", spec.id(), Arrays.toString(spec.spacing()),
                Arrays.toString(spec.patchXyz()), Double.toString(spec.step()), Double.toString(spec.sigmaScale()),
                new TreeMap<>(spec.labelMap().names()).toString()));
        for (ModelPart part : spec.parts()) {
            values.append('|').append(part.name()).append(new TreeMap<>(part.labels())).append(part.normalization());
        }
        MessageDigest digest = digest();
        digest.update(values.toString().getBytes(StandardCharsets.UTF_8));
        addOnnxFiles(digest, spec);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void addOnnxFiles(MessageDigest digest, ModelSpec spec) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (ModelPart part : spec.parts()) {
            for (Path onnx : part.onnx()) {
                try (InputStream in = Files.newInputStream(onnx)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
        }
    }

    /** Hex SHA-256 over files' bytes, in order (the ONNX files: the same as {@link #sha256(ModelSpec)}). */
    public static String sha256(List<byte[]> files) {
        MessageDigest digest = digest();
        files.forEach(digest::update);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
