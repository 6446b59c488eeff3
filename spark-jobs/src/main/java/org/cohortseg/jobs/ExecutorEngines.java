package org.cohortseg.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.engine.ModelSpecLoader;
import org.cohortseg.engine.SegmentationEngine;

/**
 * Engines on executors: one per (model, options) per JVM, shared by all tasks of the executor, so
 * a model loads once per executor and not once per partition. A model spec on a remote file
 * system (hdfs://, s3a://) is copied with its ONNX files to a local folder once per JVM.
 */
public final class ExecutorEngines {
    private static final Map<String, SegmentationEngine> ENGINES = new ConcurrentHashMap<>();
    private static final Map<String, java.nio.file.Path> LOCAL_SPECS = new ConcurrentHashMap<>();

    private ExecutorEngines() {
    }

    /** The engine for a model (name, local path or Hadoop URI) with these options. */
    public static SegmentationEngine get(String model, EngineOptions options, Configuration conf) throws IOException {
        String key = model + "|" + options;
        SegmentationEngine engine = ENGINES.get(key);
        if (engine == null) {
            synchronized (ENGINES) {
                engine = ENGINES.get(key);
                if (engine == null) {
                    engine = new SegmentationEngine(ModelSpecLoader.load(localSpec(model, conf).toString()), options);
                    ENGINES.put(key, engine);
                }
            }
        }
        return engine;
    }

    /** A local path of the model spec, copying a remote spec and its parts on first use. */
    static java.nio.file.Path localSpec(String model, Configuration conf) throws IOException {
        Path remote = new Path(model);
        String scheme = remote.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            return ModelSpecLoader.resolve(scheme == null ? model : remote.toUri().getPath());
        }
        java.nio.file.Path cached = LOCAL_SPECS.get(model);
        if (cached != null) {
            return cached;
        }
        synchronized (LOCAL_SPECS) {
            java.nio.file.Path again = LOCAL_SPECS.get(model);
            if (again != null) {
                return again;
            }
            java.nio.file.Path dir = Files.createTempDirectory("cohortseg-model");
            java.nio.file.Path spec = dir.resolve(remote.getName());
            copy(remote, spec, conf);
            JsonNode root = new ObjectMapper().readTree(spec.toFile());
            for (JsonNode part : root.get("parts")) {
                String onnx = part.get("onnx").asText();
                java.nio.file.Path target = dir.resolve(onnx).normalize();
                Files.createDirectories(target.getParent());
                copy(new Path(remote.getParent(), onnx), target, conf);
            }
            LOCAL_SPECS.put(model, spec);
            return spec;
        }
    }

    private static void copy(Path from, java.nio.file.Path to, Configuration conf) throws IOException {
        try (InputStream in = from.getFileSystem(conf).open(from)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
