package org.cohortseg.engine;

/**
 * How long a part's ONNX Runtime sessions stay open. A full-size network holds its weights, their
 * pre-packed copies and what its memory pattern planned (hundreds of MB per part), so five parts
 * kept open cost five times one part's memory; reopening costs a few seconds per part, which is
 * little beside minutes of CPU inference and much beside seconds on a GPU.
 */
public enum SessionLifetime {
    /** Opened once per JVM and kept for every later scan. */
    JVM,
    /** Opened when a part starts and closed when the last scan that runs it is done with it. */
    PART;

    /** {@link #JVM} on a GPU, where loading dominates a part; {@link #PART} on the CPU, where memory does. */
    public static SessionLifetime forDevice(Device device) {
        return device.cuda() ? JVM : PART;
    }
}
