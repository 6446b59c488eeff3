package org.cohortseg.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cohortseg.io.CohortsegHome;

/** Access to test-resources/golden/engine (made by its make_fixtures.py). */
final class EngineGolden {
    static final Path DIR = CohortsegHome.resolve("test-resources/golden/engine");

    private EngineGolden() {
    }

    static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(DIR.resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String name) {
        return DIR.resolve("files").resolve(name);
    }

    static ByteBuffer raw(String name) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file(name))).order(ByteOrder.LITTLE_ENDIAN);
    }

    static float[] floats(String name) throws IOException {
        ByteBuffer b = raw(name);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    static double[] doubles(String name) throws IOException {
        ByteBuffer b = raw(name);
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }

    static byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(file(name));
    }
}
