package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application jar on a real Spark standalone cluster: a master and a worker as separate JVMs
 * on 127.0.0.1 (Spark home from the Maven jars), the job submitted through SparkSubmit with two
 * executors; and one executor killed with SIGKILL mid-run, after which the job still completes
 * with every scan exactly once. The application returns after stopping Spark when it succeeds, and
 * exits with its documented code (after stopping Spark) when it does not.
 */
class StandaloneClusterIT {
    private static final Path ROOT = CohortsegHome.root();
    private static final Path TARGET = ROOT.resolve("spark-jobs/target");
    private static final Path HOME = TARGET.resolve("spark-home");
    private static final Path WORK = TARGET.resolve("it-cluster");
    private static final List<Process> DAEMONS = new ArrayList<>();
    private static String master;
    private static int masterUi;

    @BeforeAll
    static void startCluster() throws Exception {
        Files.createDirectories(HOME.resolve("conf"));
        Files.copy(ROOT.resolve("conf/log4j2.properties"), HOME.resolve("conf/log4j2.properties"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(WORK);
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        masterUi = freePort();
        DAEMONS.add(start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(masterUi))));
        waitForPort(port);
        DAEMONS.add(start("worker", List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "2", "--memory", "6g", "--webui-port", Integer.toString(freePort()),
                "--work-dir", WORK.resolve("worker").toString(), master)));
    }

    @AfterAll
    static void stopCluster() {
        for (Process p : DAEMONS) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                probe.close();
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the Spark master did not open port " + port);
    }

    private static List<String> java(String classpath) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "@" + ROOT.resolve("conf/jvm.options"), "-cp", classpath));
        return cmd;
    }

    private static Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = java(HOME.resolve("conf") + "/:" + HOME.resolve("jars") + "/*");
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(WORK.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", HOME.toString());
        env.put("SPARK_SCALA_VERSION", "2.13"); // without it every executor dies: "Cannot find any build directories"
        env.put("ORT_DISABLE_TELEMETRY", "1");
        return pb.start();
    }

    private static Process submit(String name, Path manifest, Path out, int partitions, String... options)
            throws IOException {
        Path appJar;
        try (var files = Files.list(TARGET)) {
            appJar = files.filter(f -> f.getFileName().toString().endsWith("-app.jar")).findFirst().orElseThrow();
        }
        List<String> cmd = java(HOME.resolve("jars") + "/*");
        cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master, "--deploy-mode", "client",
                "--class", "org.cohortseg.cli.SegmentCohort",
                "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2", "--conf", "spark.executor.memory=2g",
                "--conf", "spark.executorEnv.ORT_DISABLE_TELEMETRY=1", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.app.name=" + name,
                "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events(name).toUri(),
                "--conf", "spark.eventLog.rolling.enabled=false", "--conf", "spark.eventLog.compress=false",
                "--driver-java-options", "-Dcohortseg.root=" + ROOT,
                appJar.toString(), "--manifest", manifest.toString(),
                "--model", ROOT.resolve("conf/models/phantom.json").toString(), "--out", out.toString(),
                "--partitions", Integer.toString(partitions)));
        cmd.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(WORK.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", HOME.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    private static Path events(String app) throws IOException {
        return Files.createDirectories(WORK.resolve("events-" + app));
    }

    /**
     * The application stopped Spark before its JVM ended: its event log was closed (renamed from
     * .inprogress) with the application's end event, and the master lists it as FINISHED.
     */
    private static void assertStoppedCleanly(String app) throws Exception {
        List<Path> logs;
        try (var files = Files.list(events(app))) {
            logs = files.toList();
        }
        assertEquals(1, logs.size(), "one event log: " + logs);
        assertTrue(!logs.get(0).toString().endsWith(".inprogress"), "the event log was closed: " + logs.get(0));
        assertTrue(Files.readString(logs.get(0)).contains("\"Event\":\"SparkListenerApplicationEnd\""),
                "the event log ends with the application's end");
        String apps = new String(java.net.URI.create("http://127.0.0.1:" + masterUi + "/json/").toURL().openStream()
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode completed = new ObjectMapper().readTree(apps).path("completedapps");
        boolean finished = false;
        for (JsonNode a : completed) {
            finished |= a.path("name").asText().equals(app) && a.path("state").asText().equals("FINISHED");
        }
        assertTrue(finished, "the master lists " + app + " as FINISHED: " + completed);
    }

    private static List<ProcessHandle> executors() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("CoarseGrainedExecutorBackend")).orElse(false))
                .toList();
    }

    @Test
    void jobRunsOnTwoExecutorsAndSurvivesAKilledExecutor() throws Exception {
        Path manifest = TestCohort.write(WORK.resolve("cohort"), 10, 41);
        Path out = WORK.resolve("out");
        Process app = submit("app", manifest, out, 10);
        Optional<ProcessHandle> victim = Optional.empty();
        for (int i = 0; i < 1200 && app.isAlive(); i++) {
            List<ProcessHandle> running = executors();
            if (running.size() >= 2 && i % 50 == 49 && victim.isEmpty() && Files.exists(WORK.resolve("app.log"))
                    && Files.readString(WORK.resolve("app.log")).contains("to process")) {
                victim = Optional.of(running.get(0));
                victim.get().destroyForcibly(); // SIGKILL: the executor dies without a word
            }
            Thread.sleep(100);
        }
        assertTrue(app.waitFor(10, TimeUnit.MINUTES), "the job finished");
        String log = Files.readString(WORK.resolve("app.log"));
        assertEquals(0, app.exitValue(), log);
        assertStoppedCleanly("app");
        assertTrue(victim.isPresent(), "an executor was killed mid-run");
        assertTrue(log.contains("10 OK, 5 FAILED"), log);

        SparkSession spark = SharedSpark.get();
        List<Row> perScan = spark.read().parquet(out.resolve("scans").toString())
                .groupBy("scan_id").count().collectAsList();
        assertEquals(15, perScan.size());
        assertTrue(perScan.stream().allMatch(r -> r.getLong(1) == 1), "every scan appears exactly once");
        assertEquals(10 * 18, spark.read().parquet(out.resolve("measurements").toString()).count());
        long executorsUsed = spark.read().parquet(out.resolve("scans").toString()).select("executor_id").distinct().count();
        assertTrue(executorsUsed >= 2, "scans ran on " + executorsUsed + " executors");
    }

    @Test
    void aRunWhereNothingSucceedsExitsWithItsOwnCodeAfterStoppingSpark() throws Exception {
        Path cohort = WORK.resolve("broken-cohort");
        Path all = TestCohort.write(cohort, 1, 43);
        Path broken = Files.write(cohort.resolve("broken.csv"), Files.readAllLines(all).stream()
                .filter(l -> l.startsWith("scan_id") || l.startsWith("B_")).toList());
        Process app = submit("broken", broken, WORK.resolve("out-broken"), 2, "--fail-on-error");
        assertTrue(app.waitFor(5, TimeUnit.MINUTES), "the job finished");
        String log = Files.readString(WORK.resolve("broken.log"));
        assertEquals(CohortJob.EXIT_NOTHING_SUCCEEDED, app.exitValue(), log);
        assertTrue(log.contains("0 OK, 5 FAILED"), log);
        assertStoppedCleanly("broken");
    }
}
