package org.cohortseg.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes one batch of results visible in both tables as a unit, and finishes or discards what a
 * killed driver left behind.
 *
 * <p>A batch is first written whole (both tables) to {@code DIR/_cohortseg_staging/RUN-bN/}. Its
 * commit record, the list of its files, is then written under a temporary name and renamed: from
 * that moment the batch is committed. The measurement files are moved into {@code DIR/measurements}
 * first and the scan files into {@code DIR/scans} last, so a reader never sees an OK scan without
 * its measurements. On start, a staging folder with a commit record is rolled forward (each move
 * is idempotent) and one without is deleted, with the temporary files of interrupted writes.
 */
final class BatchCommitter {
    static final String STAGING = "_cohortseg_staging";
    /** The tables in the order their files are moved. */
    static final List<String> TABLES = List.of("measurements", "scans");
    private static final String RECORD = "_COMMIT";

    private final FileSystem fs;
    private final Path out;
    private final CommitListener listener;
    private int committed;

    BatchCommitter(String out, Configuration conf, CommitListener listener) throws IOException {
        Path dir = new Path(out);
        this.fs = dir.getFileSystem(conf);
        this.out = fs.makeQualified(dir);
        this.listener = listener;
    }

    /** Where batch {@code batch} of run {@code runId} is written before it is committed. */
    Path stagingFolder(String runId, int batch) {
        return new Path(out, STAGING + "/" + runId + "-b" + batch);
    }

    /** The table's folder. */
    Path table(String name) {
        return new Path(out, name);
    }

    /** Whether the table holds at least one data file. */
    boolean hasData(String table) throws IOException {
        return !dataFiles(table(table)).isEmpty();
    }

    /** Deletes both tables and any staged batch (a run that does not resume starts from nothing). */
    void clear() throws IOException {
        for (String t : TABLES) {
            fs.delete(table(t), true);
        }
        fs.delete(new Path(out, STAGING), true);
    }

    /**
     * Commits the batch staged in {@code staged}: the {@code commits}-th of this run's
     * {@code commits} commits, of {@code scans} scans. Commits are made one at a time.
     */
    synchronized void commit(Path staged, int commits, int scans) throws IOException {
        int commit = committed;
        listener.reached(CommitListener.Step.STAGED, commit, commits, scans);
        List<String> files = new ArrayList<>();
        for (String t : TABLES) {
            for (FileStatus f : dataFiles(new Path(staged, t))) {
                files.add(t + "/" + f.getPath().getName());
            }
        }
        Path temp = new Path(staged, RECORD + ".tmp");
        try (FSDataOutputStream os = fs.create(temp, true)) {
            os.write(String.join("\n", files).getBytes(StandardCharsets.UTF_8));
        }
        rename(temp, new Path(staged, RECORD));
        listener.reached(CommitListener.Step.RECORDED, commit, commits, scans);
        move(staged, files, TABLES.get(0));
        listener.reached(CommitListener.Step.MEASUREMENTS_MOVED, commit, commits, scans);
        move(staged, files, TABLES.get(1));
        fs.delete(staged, true);
        committed++;
        listener.reached(CommitListener.Step.COMMITTED, commit, commits, scans);
    }

    /** Removes the staging folder once every batch of the run is committed. */
    void finish() throws IOException {
        Path staging = new Path(out, STAGING);
        if (fs.exists(staging) && fs.listStatus(staging).length == 0) {
            fs.delete(staging, false);
        }
    }

    /** What {@link #recover()} found: batches committed but not yet moved, and batches never committed. */
    record Recovery(int completed, int discarded) {
        boolean any() {
            return completed + discarded > 0;
        }
    }

    /**
     * Rolls forward the batches whose commit record was written, deletes the others, and removes
     * the temporary files of writes a crash interrupted.
     */
    Recovery recover() throws IOException {
        int completed = 0;
        int discarded = 0;
        Path staging = new Path(out, STAGING);
        if (fs.exists(staging)) {
            for (FileStatus batch : fs.listStatus(staging)) {
                Path record = new Path(batch.getPath(), RECORD);
                if (fs.exists(record)) {
                    List<String> files = readRecord(record);
                    for (String t : TABLES) {
                        move(batch.getPath(), files, t);
                    }
                    completed++;
                } else {
                    discarded++;
                }
                fs.delete(batch.getPath(), true);
            }
            fs.delete(staging, true);
        }
        for (String t : TABLES) {
            fs.delete(new Path(table(t), "_temporary"), true); // a Spark write killed before its job commit
        }
        Path masks = new Path(out, "masks");
        if (fs.exists(masks)) {
            for (FileStatus f : fs.listStatus(masks, p -> p.getName().startsWith(".") && p.getName().endsWith(".tmp"))) {
                fs.delete(f.getPath(), false);
            }
        }
        return new Recovery(completed, discarded);
    }

    private List<String> readRecord(Path record) throws IOException {
        try (var in = fs.open(record)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    /** Moves the staged files of {@code table}; a file already moved (or copied, then crashed) is skipped. */
    private void move(Path staged, List<String> files, String table) throws IOException {
        fs.mkdirs(table(table));
        for (String f : files) {
            if (!f.startsWith(table + "/")) {
                continue;
            }
            Path source = new Path(staged, f);
            Path target = new Path(out, f);
            if (!fs.exists(source)) {
                continue;
            }
            if (fs.exists(target)) {
                fs.delete(source, false);
            } else {
                rename(source, target);
            }
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
    }

    private List<FileStatus> dataFiles(Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return List.of();
        }
        return List.of(fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith(".")));
    }
}
