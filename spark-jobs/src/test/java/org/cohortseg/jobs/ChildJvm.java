package org.cohortseg.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cohortseg.io.CohortsegHome;

/** A JVM started from a test with the test's classpath and the JVM flags Spark needs (conf/jvm.options). */
final class ChildJvm {
    private ChildJvm() {
    }

    /** A process builder for {@code mainClass} with {@code args}; {@code jvmArgs} come first (e.g. -D settings). */
    static ProcessBuilder of(Path scratch, List<String> jvmArgs, String mainClass, List<String> args) throws IOException {
        Path argFile = Files.createTempFile(scratch, "classpath", ".args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "@" + CohortsegHome.root().resolve("conf/jvm.options"), "@" + argFile));
        cmd.addAll(jvmArgs);
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
        return pb;
    }
}
