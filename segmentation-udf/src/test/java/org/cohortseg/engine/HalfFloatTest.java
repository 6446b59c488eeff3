package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** float16 conversions against numpy's (test-resources/golden/engine/make_half_fixtures.py). */
class HalfFloatTest {
    private static JsonNode golden() throws Exception {
        return new ObjectMapper().readTree(EngineGolden.file("half.json").toFile());
    }

    @Test
    void floatToHalfRoundsAsNumpy() throws Exception {
        JsonNode pairs = golden().get("to_half");
        assertTrue(pairs.size() > 5000);
        for (JsonNode pair : pairs) {
            float value = Float.intBitsToFloat((int) pair.get(0).asLong());
            short expected = (short) pair.get(1).asInt();
            assertEquals(expected, HalfFloat.fromFloat(value), () -> "float " + value + " (bits "
                    + Integer.toHexString(Float.floatToRawIntBits(value)) + ")");
        }
    }

    @Test
    void everyHalfConvertsToFloatAsNumpy() throws Exception {
        ByteBuffer all = ByteBuffer.allocate(4 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int h = 0; h < 1 << 16; h++) {
            all.putFloat(HalfFloat.toFloat((short) h));
        }
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all.array()));
        assertEquals(golden().get("all_to_float_sha256").asText(), digest);
    }

    @Test
    void everyFiniteHalfSurvivesTheRoundTripAndNanStaysNan() {
        for (int h = 0; h < 1 << 16; h++) {
            float f = HalfFloat.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(HalfFloat.toFloat(HalfFloat.fromFloat(f))));
            } else {
                assertEquals((short) h, HalfFloat.fromFloat(f), "half bits " + Integer.toHexString(h));
            }
        }
    }
}
