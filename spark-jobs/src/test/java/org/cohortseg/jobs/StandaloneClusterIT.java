package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * with every scan exactly once.
 */
class StandaloneClusterIT {
    private static final Path ROOT = CohortsegHome.root();
    private static final Path TARGET = ROOT.resolve("spark-jobs/target");
    private static final Path HOME = TARGET.resolve("spark-home");
    private static final Path WORK = TARGET.resolve("it-cluster");
    private static final List<Process> DAEMONS = new ArrayList<>();
    private static String master;

    @BeforeAll
    static void startCluster() throws Exception {
        Files.createDirectories(HOME.resolve("conf"));
        Files.copy(ROOT.resolve("conf/log4j2.properties"), HOME.resolve("conf/log4j2.properties"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(WORK);
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        DAEMONS.add(start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()))));
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

    private static Process submit(String name, Path manifest, Path out, int partitions) throws IOException {
        Path appJar;
        try (var files = Files.list(TARGET)) {
            appJar = files.filter(f -> f.getFileName().toString().endsWith("-app.jar")).findFirst().orElseThrow();
        }
        List<String> cmd = java(HOME.resolve("jars") + "/*");
        cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master, "--deploy-mode", "client",
                "--class", "org.cohortseg.cli.SegmentCohort",
                "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2", "--conf", "spark.executor.memory=2g",
                "--conf", "spark.executorEnv.ORT_DISABLE_TELEMETRY=1", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1",
                "--driver-java-options", "-Dcohortseg.root=" + ROOT,
                appJar.toString(), "--manifest", manifest.toString(),
                "--model", ROOT.resolve("conf/models/phantom.json").toString(), "--out", out.toString(),
                "--partitions", Integer.toString(partitions)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(WORK.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", HOME.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
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
}
