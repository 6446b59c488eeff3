package org.cohortseg.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.cohortseg.engine.ModelFingerprint;
import org.cohortseg.engine.ModelSpec;
import org.cohortseg.engine.ModelSpecLoader;

/**
 * A model spec and its ONNX files as bytes: read once on the driver from any Hadoop file system,
 * broadcast to the executors, and written to a local folder where ONNX Runtime opens them.
 */
public final class ModelBundle implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String specName;
    private final byte[] spec;
    private final ArrayList<byte[]> parts; // ONNX files, in part order (an ensemble's members in theirs)
    private final String sha256;
    private final String identity;

    private ModelBundle(String specName, byte[] spec, ArrayList<byte[]> parts) {
        this.specName = specName;
        this.spec = spec;
        this.parts = parts;
        this.sha256 = ModelFingerprint.sha256(parts);
        List<byte[]> all = new ArrayList<>(List.of(spec));
        all.addAll(parts);
        this.identity = ModelFingerprint.sha256(all);
    }

    /**
     * Reads a model: a name in conf/models, a local path or a Hadoop URI of its spec, and the ONNX
     * files the spec names (relative to it).
     *
     * @throws IOException when a file cannot be read or the spec names no parts
     */
    public static ModelBundle read(String model, Configuration conf) throws IOException {
        Path specPath = new Path(model);
        if (specPath.toUri().getScheme() == null) {
            specPath = new Path(ModelSpecLoader.resolve(model).toAbsolutePath().toUri());
        }
        byte[] spec = readAll(specPath, conf);
        JsonNode partNodes = new ObjectMapper().readTree(spec).path("parts");
        if (!partNodes.isArray() || partNodes.isEmpty()) {
            throw new IOException(model + ": the model spec names no parts");
        }
        ArrayList<byte[]> parts = new ArrayList<>();
        for (JsonNode part : partNodes) {
            for (String onnx : onnxFiles(model, part)) {
                parts.add(readAll(new Path(specPath.getParent(), onnx), conf));
            }
        }
        return new ModelBundle(specPath.getName(), spec, parts);
    }

    /**
     * This model for a subset of its structures (the spec's {@code "structures"}, applied where the
     * spec is loaded); the model itself when {@code structures} is empty.
     */
    public ModelBundle forStructures(List<String> structures) throws IOException {
        if (structures.isEmpty()) {
            return this;
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(spec);
        ArrayNode names = root.putArray(ModelSpecLoader.STRUCTURES);
        structures.forEach(names::add);
        return new ModelBundle(specName, json.writeValueAsBytes(root), parts);
    }

    private static List<String> onnxFiles(String model, JsonNode part) throws IOException {
        try {
            return ModelSpecLoader.onnxFiles(part);
        } catch (IllegalArgumentException e) {
            throw new IOException(model + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(Path p, Configuration conf) throws IOException {
        FileSystem fs = p.getFileSystem(conf);
        // model files have no Hadoop checksum files
        try (InputStream in = (fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs).open(p)) {
            return in.readAllBytes();
        }
    }

    /** SHA-256 of the ONNX files, in part order ({@link ModelFingerprint}). */
    public String sha256() {
        return sha256;
    }

    /** SHA-256 of the spec and the ONNX files: the model's identity in a {@code SessionRegistry}. */
    public String identity() {
        return identity;
    }

    /**
     * Writes the spec and its ONNX files to a new local folder (removed when the JVM exits; files
     * named by their position, as ONNX Runtime needs files) and loads the spec from it.
     *
     * @throws IOException when the folder cannot be written, or the spec is invalid
     */
    public ModelSpec load() throws IOException {
        java.nio.file.Path dir = Files.createTempDirectory("cohortseg-model");
        dir.toFile().deleteOnExit();
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(spec);
        int file = 0;
        for (JsonNode part : root.get("parts")) {
            ArrayNode names = json.createArrayNode();
            for (int member = ModelSpecLoader.onnxFiles(part).size(); member > 0; member--, file++) {
                String name = "part" + file + ".onnx";
                names.add(name);
                write(dir.resolve(name), parts.get(file));
            }
            ((ObjectNode) part).set("onnx", names);
        }
        java.nio.file.Path specFile = dir.resolve(specName);
        write(specFile, json.writeValueAsBytes(root));
        return ModelSpecLoader.load(specFile.toString());
    }

    private static void write(java.nio.file.Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        file.toFile().deleteOnExit();
    }
}
