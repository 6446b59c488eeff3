package org.cohortseg.nifti;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libdeflate's whole-buffer gzip decoder through JNI ({@code src/main/c/cohortseg_gunzip.c}, built
 * with libdeflate linked in when the build machine has libdeflate-dev). It inflates about twice as
 * fast as the JDK's zlib. Where the library is not in the jar or does not load (another platform,
 * {@code -Dcohortseg.native=false}), {@link #available()} is false and readers stream through
 * {@link java.util.zip.GZIPInputStream} instead.
 */
final class NativeGunzip {
    private static final Logger LOG = LoggerFactory.getLogger(NativeGunzip.class);
    private static final boolean AVAILABLE = load();

    private NativeGunzip() {
    }

    /** Whether the native decoder loaded. */
    static boolean available() {
        return AVAILABLE;
    }

    /** {@code bytes} of native memory as a direct buffer, or null when malloc fails; give it back with {@link #free}. */
    static native ByteBuffer allocate(long bytes);

    /** Frees a buffer from {@link #allocate}. */
    static native void free(ByteBuffer buffer);

    /**
     * Inflates the single gzip member {@code in[0, inBytes)} into {@code out[0, outBytes)} (direct
     * buffers), checking its CRC-32 and length: 0 when the member fills exactly {@code outBytes}
     * and uses all the input, another value otherwise.
     */
    static native int gunzip(ByteBuffer in, long inBytes, ByteBuffer out, long outBytes);

    private static boolean load() {
        if ("false".equals(System.getProperty("cohortseg.native"))) {
            return false;
        }
        String resource = "/native/" + platform() + "/libcohortseg_gunzip.so";
        try (InputStream in = NativeGunzip.class.getResourceAsStream(resource)) {
            if (in == null) {
                LOG.info("no native gzip decoder for {} in the jar: using the JDK's", platform());
                return false;
            }
            Path copy = Files.createTempFile("cohortseg_gunzip", ".so");
            try {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                System.load(copy.toString());
            } finally {
                Files.delete(copy); // the loaded library stays mapped
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the native gzip decoder", e);
        } catch (UnsatisfiedLinkError e) {
            LOG.warn("native gzip decoder does not load ({}): using the JDK's", e.getMessage());
            return false;
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).replaceAll("\\s", "");
        String arch = System.getProperty("os.arch");
        return os + "-" + ("amd64".equals(arch) ? "x86_64" : arch);
    }
}
