package org.cohortseg.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cohortseg.engine.EngineOptions;
import org.cohortseg.engine.Resampler;
import org.cohortseg.engine.Segmentation;
import org.cohortseg.engine.SegmentationEngine;
import org.cohortseg.engine.SessionLifetime;
import org.cohortseg.engine.Stage;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;
import org.cohortseg.io.Csv;
import org.cohortseg.labels.LabelMap;
import org.cohortseg.measure.StructureMeasurer;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.NiftiReader;
import org.cohortseg.nifti.ScaleFactors;
import org.cohortseg.nifti.VoxelArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cohortseg bench}: timings of single stages for the benchmark scripts in benchmarks/,
 * which run the reference tools (gzip, nibabel, numpy, scipy) on the same inputs and report ratios.
 * Each subcommand prints one line "name seconds" (the best of --repeat runs, after a warm-up run).
 */
@Command(name = "bench", hidden = true, mixinStandardHelpOptions = true,
        description = "Time single stages (used by benchmarks/*.sh).",
        subcommands = {BenchCommand.Read.class, BenchCommand.Headers.class, BenchCommand.Measure.class, BenchCommand.Resample.class,
            BenchCommand.Segment.class, BenchCommand.Loop.class, WindowBench.class})
final class BenchCommand {

    /** Something timed once. */
    @FunctionalInterface
    interface Run {
        void once() throws Exception;
    }

    static void report(String name, int repeat, Run run) throws Exception {
        run.once();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            run.once();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "%s %.4f%n", name, best);
    }

    @Command(name = "read", description = "Decode a CT: a NIfTI file, or a DICOM series (a folder or a .zip).")
    static final class Read implements Callable<Integer> {
        @Option(names = "--file", required = true) Path file;
        @Option(names = "--repeat", defaultValue = "3") int repeat;

        @Override
        public Integer call() throws Exception {
            org.cohortseg.pipeline.CtReader reader = new org.cohortseg.pipeline.CtReader(new NiftiReader());
            report("read", repeat, () -> reader.read(file));
            return 0;
        }
    }

    @Command(name = "headers", description = "Read the header of every file under a folder as the index's executors do, "
            + "on one thread (listing included; prints the file count and the best seconds).")
    static final class Headers implements Callable<Integer> {
        @Option(names = "--root", required = true) String root;
        @Option(names = "--repeat", defaultValue = "3") int repeat;

        @Override
        public Integer call() throws Exception {
            org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
            System.out.println("files " + org.cohortseg.jobs.IndexJob.readHeaders(root, conf));
            report("headers", repeat, () -> org.cohortseg.jobs.IndexJob.readHeaders(root, conf));
            return 0;
        }
    }

    @Command(name = "measure", description = "Measure all labels of a segmentation (files read once, not timed).")
    static final class Measure implements Callable<Integer> {
        @Option(names = "--ct", required = true) Path ct;
        @Option(names = "--seg", required = true) Path seg;
        @Mixin LabelsMixin labels;
        @Option(names = "--repeat", defaultValue = "3") int repeat;

        @Override
        public Integer call() throws Exception {
            NiftiReader reader = new NiftiReader();
            NiftiImage image = reader.read(ct);
            NiftiImage segmentation = reader.read(seg);
            LabelMap map = labels.load();
            report("measure", repeat, () -> new StructureMeasurer().measure(image, segmentation, map));
            return 0;
        }
    }

    @Command(name = "resample", description = "Resample an image (read once, not timed) to a spacing, linearly.")
    static final class Resample implements Callable<Integer> {
        @Option(names = "--file", required = true) Path file;
        @Option(names = "--spacing", defaultValue = "1.5") String spacing;
        @Option(names = "--threads", defaultValue = "2") int threads;
        @Option(names = "--repeat", defaultValue = "3") int repeat;

        @Override
        public Integer call() throws Exception {
            NiftiImage image = new NiftiReader().read(file);
            Reorientation toCanonical = Reorientation.toCanonical(image.affine(), image.shape());
            Resampler resampler = new Resampler(threads);
            double[] to = Spacings.parse(spacing);
            report("resample", repeat, () -> resampler.toSpacing(image, toCanonical, to));
            return 0;
        }
    }

    @Command(name = "segment", description = "Segment a synthetic CT of the given shape and spacing once; print stage times.")
    static final class Segment implements Callable<Integer> {
        @Mixin ModelMixin model;
        @Option(names = "--shape", required = true, description = "nx,ny,nz") String shape;
        @Option(names = "--spacing", required = true, description = "x,y,z mm") String spacing;
        @Option(names = "--file", description = "segment this CT instead of a synthetic one") Path file;
        @Option(names = "--threads", defaultValue = "2") int threads;
        @Option(names = "--batch", defaultValue = "1") int batch;
        @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda[:N] (fails without CUDA)") String device;
        @Option(names = "--sessions", description = "JVM or PART: how long a part's sessions stay open "
                + "(default: PART on the CPU, JVM on a GPU)") SessionLifetime sessions;

        @Override
        public Integer call() throws Exception {
            EngineOptions options = new EngineOptions(org.cohortseg.engine.Device.parse(device),
                    EngineOptions.CudaFallback.FAIL, threads, batch, threads);
            if (sessions != null) {
                options = options.withSessionLifetime(sessions);
            }
            SegmentationEngine engine = new SegmentationEngine(model.load(), options);
            long t0 = System.nanoTime();
            // the CT is not kept here: the engine's own memory is what this measures
            Segmentation seg = engine.segment(file != null ? new NiftiReader().read(file) : synthetic());
            double total = (System.nanoTime() - t0) / 1e9;
            StringBuilder b = new StringBuilder();
            for (Map.Entry<Stage, Double> e : seg.timings().seconds().entrySet()) {
                b.append(String.format(Locale.ROOT, " %s=%.3f", e.getKey().label(), e.getValue()));
            }
            System.out.printf(Locale.ROOT, "segment shape=%s model_grid=%s total=%.3f%s%n", seg.labels().shape(), seg.modelGrid(),
                    total, b);
            return 0;
        }

        /** A smooth int16 volume with noise: the engine's cost does not depend on the values. */
        private NiftiImage synthetic() {
            String[] n = shape.split(",");
            Shape s = new Shape(Integer.parseInt(n[0].trim()), Integer.parseInt(n[1].trim()), Integer.parseInt(n[2].trim()));
            double[] sp = Spacings.parse(spacing);
            short[] hu = new short[s.voxels()];
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            for (int i = 0; i < hu.length; i++) {
                hu[i] = (short) (40 + r.nextInt(-30, 30) + ((i / s.nx()) % 97));
            }
            return new NiftiImage(s, VoxelArray.ofInt16(hu), Affine.scaling(sp[0], sp[1], sp[2]), sp, ScaleFactors.IDENTITY);
        }
    }

    @Command(name = "loop", description = "The cohort job's work as a plain loop in one JVM (no Spark): scans/min.")
    static final class Loop implements Callable<Integer> {
        @Option(names = "--manifest", required = true, description = "local manifest.csv") Path manifest;
        @Mixin ModelMixin model;
        @Option(names = "--workers", defaultValue = "2", description = "scans processed at once") int workers;

        @Override
        public Integer call() throws Exception {
            Path folder = manifest.toAbsolutePath().getParent();
            java.util.List<Path> scans = Csv.read(manifest).stream().map(scan -> folder.resolve(scan.get("path"))).toList();
            EngineOptions options = new EngineOptions(org.cohortseg.engine.Device.CPU, EngineOptions.CudaFallback.FAIL,
                    1, 2, 1);
            org.cohortseg.pipeline.ScanPipeline pipeline = new org.cohortseg.pipeline.ScanPipeline(
                    new SegmentationEngine(model.load(), options), new org.cohortseg.pipeline.CtReader(new NiftiReader()), false);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
            long t0 = System.nanoTime();
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (Path scan : scans) {
                done.add(pool.submit(() -> pipeline.process(scan.toString(), org.cohortseg.io.LocalScanStore.INSTANCE)));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "loop %d scans in %.1f s: %.2f scans/min%n", scans.size(), seconds,
                    scans.size() / seconds * 60);
            return 0;
        }
    }
}
