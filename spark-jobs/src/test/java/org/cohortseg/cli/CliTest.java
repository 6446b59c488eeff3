package org.cohortseg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.cohortseg.dicom.DicomSeriesReader;
import org.cohortseg.io.CohortsegHome;
import org.cohortseg.jobs.SharedSpark;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** The command line as a user runs it. */
class CliTest {
    @TempDir
    Path tmp;

    private static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = CohortsegCli.run(args);
            assertEquals(0, code, String.join(" ", args) + " failed:\n" + out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Runs the CLI expecting {@code code}; returns its stderr. */
    private static String fail(int code, String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(code, CohortsegCli.run(args), String.join(" ", args) + ":\n" + err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anErrorAUserCausesIsOneLine() throws Exception {
        Path text = Files.writeString(tmp.resolve("note.nii"), "not an image\n".repeat(40));
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "scan_id,subject_id,path,age,sex\n");
        SharedSpark.get();
        String[][] cases = {
            {"1", "cohortseg measure: no such file: " + tmp.resolve("none.nii"), "measure", "--ct", tmp.resolve("none.nii").toString(),
                "--seg", text.toString(), "--json", tmp.resolve("s.json").toString()},
            {"1", "cohortseg predict: " + text + ": not a NIfTI file", "predict", "--ct", text.toString(), "--seg-out",
                tmp.resolve("seg.nii.gz").toString()},
            {"1", "cohortseg evaluate: " + text + ": not a NIfTI file", "evaluate", "--pred", text.toString(), "--truth",
                text.toString(), "--json", tmp.resolve("d.json").toString()},
            {"1", "cohortseg segment: " + empty + ": the manifest has no rows", "segment", "--manifest", empty.toString(),
                "--out", tmp.resolve("out").toString()},
            {"2", "cohortseg segment: Unknown option: '--bogus' (see --help)", "segment", "--manifest", "m", "--out", "o",
                "--bogus"},
            {"2", "cohortseg segment: Invalid value for option '--manifest-format'", "segment", "--manifest", "m", "--out",
                "o", "--manifest-format", "xml"},
            {"2", "cohortseg register: Invalid value for option '--catalog'", "register", "--tables", "t", "--catalog",
                "cohort-2"},
            {"2", "cohortseg sql: Error: expected only one match but got (--catalog=NAME | [--tables", "sql", "--tables", "t",
                "--catalog", "study", "n.sql"}};
        for (String[] c : cases) {
            String err = fail(Integer.parseInt(c[0]), java.util.Arrays.copyOfRange(c, 2, c.length));
            assertTrue(err.startsWith(c[1]), err);
            assertEquals(1, err.lines().count(), err);
        }
        String verbose = fail(1, "predict", "--verbose", "--ct", text.toString(), "--seg-out", tmp.resolve("s.nii").toString());
        assertTrue(verbose.lines().count() > 5 && verbose.contains("\tat org.cohortseg.nifti"), verbose);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "phantoms", "convert", "segment", "predict", "evaluate", "measure", "register", "sql"})
    void everyCommandHasHelp(String command) {
        assertTrue(run(command, "--help").contains("Usage: cohortseg " + command));
    }

    @ParameterizedTest
    @CsvSource({"demo, --master,", "segment, --master,", "stats, --master,", "sql, --master,", "register, --master,",
        "evaluate, --labels, total_v2", "measure, --labels, total_v2", "bench measure, --labels, total_v2",
        "predict, --model, phantom", "segment, --model, phantom", "bench segment, --model, phantom",
        "bench loop, --model, phantom"})
    void everyCommandWithASharedOptionGivesItTheSameDefault(String command, String option, String defaultValue) {
        CommandLine cli = new CommandLine(new CohortsegCli());
        for (String name : command.split(" ")) {
            cli = cli.getSubcommands().get(name);
        }
        OptionSpec spec = cli.getCommandSpec().findOption(option);
        assertEquals(defaultValue, spec.defaultValue(), command + " " + option);
        assertFalse(spec.required(), command + " " + option);
    }

    @Test
    void measureWritesTotalSegmentatorsStatistics() throws Exception {
        Path golden = CohortsegHome.resolve("test-resources/golden/measure/files");
        Path json = tmp.resolve("statistics.json");
        run("measure", "--ct", golden.resolve("int16_iso_ct.nii.gz").toString(), "--seg",
                golden.resolve("int16_iso_seg.nii.gz").toString(), "--json", json.toString(), "--csv", tmp.resolve("rows.csv").toString());
        assertEquals(Files.readString(golden.resolve("int16_iso_statistics.json")), Files.readString(json));
        assertEquals(118, Files.readAllLines(tmp.resolve("rows.csv")).size(), "a header and one row per v2 label");
    }

    /** A zipped DICOM series becomes the NIfTI the reader sees (its folder read directly is the reference). */
    @Test
    void convertWritesAZippedDicomSeriesAsItIsRead() throws Exception {
        Path series = CohortsegHome.resolve("test-resources/golden/dicom/series/oblique");
        Path zip = tmp.resolve("series.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.list(series)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                out.putNextEntry(new ZipEntry("study/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
            }
        }
        Path nifti = tmp.resolve("ct.nii.gz");
        assertTrue(run("convert", "--in", zip.toString(), "--out", nifti.toString()).contains("24x20x10"));
        NiftiImage written = new NiftiReader().read(nifti);
        NiftiImage read = new DicomSeriesReader().read(series);
        assertEquals(read.shape(), written.shape());
        assertTrue(read.affine().maxAbsDifference(written.affine()) < 1e-5, written.affine().toString());
        assertEquals(read.scale(), written.scale());
        for (int i = 0; i < read.voxels().size(); i++) {
            assertEquals(read.voxels().getLong(i), written.voxels().getLong(i), "voxel " + i);
        }
    }

    @Test
    void predictThenEvaluateAPhantomAgainstItsGroundTruth() throws Exception {
        run("phantoms", "--n", "1", "--seed", "77", "--spacing", "3", "--out", tmp.resolve("c").toString());
        Path seg = tmp.resolve("seg.nii.gz");
        run("predict", "--ct", tmp.resolve("c/images/P00001_ct1.nii.gz").toString(), "--seg-out", seg.toString(),
                "--json", tmp.resolve("stats.json").toString(), "--threads", "2");
        run("evaluate", "--pred", seg.toString(), "--truth", tmp.resolve("c/labels/P00001_ct1.nii.gz").toString(),
                "--labels", "total_v2", "--json", tmp.resolve("dice.json").toString());
        JsonNode dice = new ObjectMapper().readTree(tmp.resolve("dice.json").toFile());
        assertTrue(dice.get("mean_dice").asDouble() > 0.5, dice.toString());
        assertEquals(18, new ObjectMapper().readTree(tmp.resolve("stats.json").toFile()).size(), "the model's classes");
    }

    /** The demo from a PACS export: DICOM studies -> index -> segment -> Dice against the truth -> stats. */
    @Test
    void demoRunsTheStudyFromDicomStudies() {
        SharedSpark.get();
        String out = run("demo", "--n", "3", "--format", "dicom", "--out", tmp.resolve("demo").toString());
        assertTrue(out.contains("9 series, 3 usable, 3 selected"), out);
        java.util.regex.Matcher dice = java.util.regex.Pattern.compile("mean Dice ([0-9.]+) over 3 scans").matcher(out);
        assertTrue(dice.find() && Double.parseDouble(dice.group(1)) > 0.8, out);
        assertTrue(Files.isDirectory(tmp.resolve("demo/tables/measurements")));
    }
}
