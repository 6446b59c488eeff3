package org.cohortseg.engine;

/**
 * Where a network runs: the CPU, or a CUDA device by ordinal.
 *
 * @param cuda true for CUDA
 * @param ordinal CUDA device ordinal (0 for the CPU)
 */
public record Device(boolean cuda, int ordinal) implements java.io.Serializable {
    /** The CPU. */
    public static final Device CPU = new Device(false, 0);

    public Device {
        if (ordinal < 0 || (!cuda && ordinal != 0)) {
            throw new IllegalArgumentException("invalid device ordinal " + ordinal);
        }
    }

    /** Parses "cpu" or "cuda:N" (or "cuda" for device 0). */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda")) {
            return new Device(true, 0);
        }
        if (t.startsWith("cuda:")) {
            return new Device(true, Integer.parseInt(t.substring(5)));
        }
        throw new IllegalArgumentException("device must be cpu or cuda:N, got '" + text + "'");
    }

    @Override
    public String toString() {
        return cuda ? "cuda:" + ordinal : "cpu";
    }
}
