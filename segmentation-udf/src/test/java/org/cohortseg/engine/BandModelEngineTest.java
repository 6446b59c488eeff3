package org.cohortseg.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Reorientation;
import org.cohortseg.geometry.Shape;
import org.cohortseg.nifti.NiftiImage;
import org.cohortseg.nifti.ScaleFactors;
import org.cohortseg.nifti.VoxelArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine end to end on analytic ONNX models: a 1x1x1 convolution whose argmax is the band of
 * the normalised value, so the right label of every voxel is known whatever the windows, padding,
 * orientation or spacing.
 */
class BandModelEngineTest {
    /** Band thresholds of bands_p16 in normalised units; normalisation (hu - 0.5) / 100 puts them at HU -99.5, 0.5, 50.5, 150.5. */
    static final double[] THRESHOLDS = {-1.0, 0.0, 0.5, 1.5};
    /** The thresholds of both band models in HU (normalised value * 100 + 0.5). */
    private static final double[] BAND_EDGES_HU = {-99.5, 0.5, 50.5, 150.5, -49.5, 25.5};
    private static final double EDGE_MARGIN_HU = 3;
    private static final String[] NAMES = {"spleen", "kidney_right", "kidney_left", "gallbladder"};

    @TempDir
    Path tmp;

    /** Writes a spec for a band model; {@code names} are the part's labels 1..n. */
    static Path spec(Path dir, String onnx, int[] patchZyx, double spacing, String[] names) throws IOException {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("id", "bands-test");
        root.put("input_axes", "zyx");
        ArrayNode s = root.putArray("spacing_mm");
        s.add(spacing).add(spacing).add(spacing);
        ArrayNode p = root.putArray("patch_size");
        p.add(patchZyx[0]).add(patchZyx[1]).add(patchZyx[2]);
        root.put("step", 0.5);
        // these tests are about geometry: a flat Gaussian keeps every weight a normal float16, where nnU-Net's 1/8
        // leaves a window's corners with the smallest subnormal and its float16 sums there with no precision
        root.put("gaussian_sigma_scale", 1.0);
        ObjectNode labelmap = root.putObject("labelmap");
        ObjectNode part = root.putArray("parts").addObject();
        part.put("name", "bands");
        part.put("onnx", EngineGolden.file(onnx).toString());
        ObjectNode labels = part.putObject("labels");
        for (int i = 0; i < names.length; i++) {
            labelmap.put(Integer.toString(i + 1), names[i]);
            labels.put(Integer.toString(i + 1), names[i]);
        }
        ObjectNode n = part.putObject("normalization");
        n.put("clip_low", -10000).put("clip_high", 10000).put("mean", 0.5).put("std", 100);
        Path file = dir.resolve(onnx + ".json");
        m.writeValue(file.toFile(), root);
        return file;
    }

    private SegmentationEngine engine(String onnx, int[] patchZyx, double spacing, String[] names) throws IOException {
        return new SegmentationEngine(ModelSpecLoader.load(spec(tmp, onnx, patchZyx, spacing, names).toString()),
                EngineOptions.defaults().withThreads(1, 2).withMinBodyMl(0)); // test images smaller than a body part
    }

    private static boolean nearABandEdge(int hu) {
        for (double edge : BAND_EDGES_HU) {
            if (Math.abs(hu - edge) < EDGE_MARGIN_HU) {
                return true;
            }
        }
        return false;
    }

    static int band(double hu, double[] thresholds) {
        double x = (float) ((hu - 0.5) / 100);
        int b = 0;
        while (b < thresholds.length && x > thresholds[b]) {
            b++;
        }
        return b;
    }

    /**
     * Random HU values at least {@link #EDGE_MARGIN_HU} from every band edge of the band models, so
     * that float16 blending (nnU-Net's rounding) cannot move a voxel across one.
     */
    static NiftiImage randomCt(Shape shape, double spacing, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        short[] hu = new short[shape.voxels()];
        for (int i = 0; i < hu.length; i++) {
            int value;
            do {
                value = r.nextInt(-300, 300);
            } while (nearABandEdge(value));
            hu[i] = (short) value;
        }
        return NiftiImage.of(shape, VoxelArray.ofInt16(hu), Affine.scaling(spacing, spacing, spacing));
    }

    private static void assertEveryVoxelHasItsBand(NiftiImage ct, Segmentation seg, double[] thresholds) {
        assertEquals(ct.shape(), seg.labels().shape());
        assertEquals(ct.affine(), seg.labels().affine());
        for (int i = 0; i < ct.shape().voxels(); i++) {
            assertEquals(band(ct.value(i), thresholds), seg.labels().voxels().getLong(i), "voxel " + i);
        }
    }

    @Test
    void oddSizedImageAtTheModelSpacing() throws Exception {
        NiftiImage ct = randomCt(new Shape(37, 23, 19), 2, 1);
        Segmentation seg = engine("bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES).segment(ct);
        assertEveryVoxelHasItsBand(ct, seg, THRESHOLDS);
        assertEquals(ct.shape(), seg.modelGrid());
    }

    /**
     * nnU-Net crops to the box of nonzero voxels and labels everything outside it background: HU 0
     * is band 1 inside the box, but the zero faces of this CT (two x columns, three z slices) are
     * background, and inside the box every voxel still gets its band; in memory, and spilled (a
     * grid more than two windows deep).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void zeroFacesOutsideTheNonzeroBoxAreBackground(boolean spill) throws Exception {
        Shape shape = new Shape(30, 20, spill ? 40 : 18);
        NiftiImage random = randomCt(shape, 2, 5);
        short[] hu = new short[shape.voxels()];
        for (int z = 0; z < shape.nz(); z++) {
            for (int y = 0; y < shape.ny(); y++) {
                for (int x = 0; x < shape.nx(); x++) {
                    int i = shape.index(x, y, z);
                    boolean face = x < 2 || z >= shape.nz() - 3;
                    hu[i] = face ? 0 : (short) (random.value(i) == 0 ? 1 : random.value(i));
                }
            }
        }
        NiftiImage ct = NiftiImage.of(shape, VoxelArray.ofInt16(hu), Affine.scaling(2, 2, 2));
        Path spillTo = spill ? Files.createDirectories(tmp.resolve("spill")) : null;
        Segmentation seg = new SegmentationEngine(ModelSpecLoader.load(spec(tmp, "bands_p16.onnx", new int[] {16, 16, 16},
                2, NAMES).toString()), EngineOptions.defaults().withThreads(1, 2).withMinBodyMl(0)
                .withSpillDirectory(spillTo)).segment(ct);
        for (int i = 0; i < shape.voxels(); i++) {
            int expected = hu[i] == 0 ? 0 : band(hu[i], THRESHOLDS);
            assertEquals(expected, seg.labels().voxels().getLong(i), "voxel " + i);
        }
        assertEquals(1, band(0, THRESHOLDS), "without the crop, the faces would be band 1");
    }

    /**
     * A part whose "onnx" is an array runs every member and averages their logits (nnU-Net's folds):
     * two copies of the band model agree, so every voxel still gets its band, and a spec naming a
     * missing member fails with its path.
     */
    @Test
    void aPartWithSeveralOnnxFilesIsAnEnsemble() throws Exception {
        Path file = spec(tmp, "bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES);
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = (ObjectNode) m.readTree(file.toFile());
        ObjectNode part = (ObjectNode) root.get("parts").get(0);
        String onnx = part.get("onnx").asText();
        part.putArray("onnx").add(onnx).add(onnx);
        m.writeValue(file.toFile(), root);
        ModelSpec ensemble = ModelSpecLoader.load(file.toString());
        assertEquals(2, ensemble.parts().get(0).onnx().size());
        NiftiImage ct = randomCt(new Shape(21, 18, 17), 2, 7);
        Segmentation seg = new SegmentationEngine(ensemble, EngineOptions.defaults().withThreads(1, 2).withMinBodyMl(0))
                .segment(ct);
        assertEveryVoxelHasItsBand(ct, seg, THRESHOLDS);

        ((ArrayNode) part.get("onnx")).add("missing_fold.onnx");
        m.writeValue(file.toFile(), root);
        ModelSpecException missing = assertThrows(ModelSpecException.class, () -> ModelSpecLoader.load(file.toString()));
        assertTrue(missing.getMessage().contains("missing_fold.onnx"), missing.getMessage());
    }

    @Test
    void anUnknownNormalisationSchemeIsRefusedByName() throws Exception {
        Path file = spec(tmp, "bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES);
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = (ObjectNode) m.readTree(file.toFile());
        ((ObjectNode) root.get("parts").get(0).get("normalization")).put("scheme", "RescaleTo01Normalization");
        m.writeValue(file.toFile(), root);
        ModelSpecException e = assertThrows(ModelSpecException.class, () -> ModelSpecLoader.load(file.toString()));
        assertTrue(e.getMessage().contains("RescaleTo01Normalization"), e.getMessage());
    }

    /**
     * A model grid deeper than two windows is resampled into a spill file and read back through a
     * ring of slices: the labels are those of the in-memory path (and the analytic bands), and the
     * file is gone afterwards.
     */
    @Test
    void longScansSpillTheirResampledCtAndGiveTheSameLabels() throws Exception {
        Path spill = Files.createDirectories(tmp.resolve("spill"));
        SegmentationEngine spilling = new SegmentationEngine(
                ModelSpecLoader.load(spec(tmp, "bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES).toString()),
                EngineOptions.defaults().withThreads(1, 2).withSpillDirectory(spill));
        SegmentationEngine inMemory = new SegmentationEngine(spilling.spec(),
                EngineOptions.defaults().withThreads(1, 2).withSpillDirectory(null));
        NiftiImage atModelSpacing = randomCt(new Shape(21, 18, 75), 2, 7);
        assertEveryVoxelHasItsBand(atModelSpacing, spilling.segment(atModelSpacing), THRESHOLDS);
        NiftiImage resampled = randomCt(new Shape(30, 26, 140), 1, 8);
        Segmentation a = spilling.segment(resampled);
        Segmentation b = inMemory.segment(resampled);
        assertEquals(new Shape(15, 13, 70), a.modelGrid());
        for (int i = 0; i < resampled.shape().voxels(); i++) {
            assertEquals(b.labels().voxels().getLong(i), a.labels().voxels().getLong(i), "voxel " + i);
        }
        try (java.util.stream.Stream<Path> left = Files.list(spill)) {
            assertEquals(0, left.count(), "spill files left behind");
        }
    }

    @Test
    void imageSmallerThanThePatchIsPadded() throws Exception {
        NiftiImage ct = randomCt(new Shape(5, 7, 9), 2, 2);
        assertEveryVoxelHasItsBand(ct, engine("bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES).segment(ct), THRESHOLDS);
    }

    @Test
    void nonCubicPatch() throws Exception {
        NiftiImage ct = randomCt(new Shape(40, 30, 21), 2, 3);
        assertEveryVoxelHasItsBand(ct, engine("bands_p8x12x16.onnx", new int[] {8, 12, 16}, 2,
                new String[] {"spleen", "liver"}).segment(ct), new double[] {-0.5, 0.25});
    }

    @ParameterizedTest
    @ValueSource(strings = {"LPS", "LAS", "ASL", "IRP", "SPL", "PIR"})
    void everyStoredOrientationGivesLabelsOnTheOriginalGrid(String codes) throws Exception {
        NiftiImage ras = randomCt(new Shape(21, 18, 25), 2, 4);
        int[] source = new int[3];
        boolean[] flip = new boolean[3];
        for (int j = 0; j < 3; j++) {
            source[j] = "RLAPSI".indexOf(codes.charAt(j)) / 2;
            flip[j] = "LPI".indexOf(codes.charAt(j)) >= 0;
        }
        NiftiImage stored = ras.reoriented(new Reorientation(ras.shape(), source, flip));
        Segmentation seg = engine("bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES).segment(stored);
        assertEveryVoxelHasItsBand(stored, seg, THRESHOLDS);
    }

    @Test
    void anisotropicSpacingIsResampledAndLabelsComeBackToTheOriginalGrid() throws Exception {
        // HU constant over blocks of 8 voxels in x and y (1 mm) and 2 slices in z (4 mm): away from the
        // block edges, resampling to 2 mm cannot change a voxel's band.
        Shape shape = new Shape(48, 40, 12);
        short[] hu = new short[shape.voxels()];
        SplittableRandom r = new SplittableRandom(5);
        short[] blockValue = new short[6 * 5 * 6];
        for (int b = 0; b < blockValue.length; b++) {
            blockValue[b] = (short) (r.nextInt(-4, 4) * 50 + 25);
        }
        for (int z = 0; z < 12; z++) {
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 48; x++) {
                    hu[shape.index(x, y, z)] = blockValue[(x / 8) + 6 * ((y / 8) + 5 * (z / 2))];
                }
            }
        }
        NiftiImage ct = new NiftiImage(shape, VoxelArray.ofInt16(hu), Affine.scaling(1, 1, 4), new double[] {1, 1, 4},
                ScaleFactors.IDENTITY);
        Segmentation seg = engine("bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES).segment(ct);
        assertEquals(new Shape(24, 20, 24), seg.modelGrid());
        int checked = 0;
        for (int z = 0; z < 12; z++) {
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 48; x++) {
                    if (x % 8 < 2 || x % 8 > 5 || y % 8 < 2 || y % 8 > 5) {
                        continue; // near a block edge in x or y
                    }
                    if ((z % 2 == 0 && z > 0) || (z % 2 == 1 && z < 11)) {
                        continue; // z blocks are 2 slices: each slice borders another block on one side
                    }
                    int i = shape.index(x, y, z);
                    assertEquals(band(ct.value(i), THRESHOLDS), seg.labels().voxels().getLong(i), "voxel " + x + "," + y + "," + z);
                    checked++;
                }
            }
        }
        assertTrue(checked > 500, "checked " + checked);
    }

    @Test
    void nanLogitsFailWithAClearError() throws Exception {
        SegmentationEngine e = engine("nan_p16.onnx", new int[] {16, 16, 16}, 2, new String[] {"spleen"});
        ArithmeticException ex = assertThrows(ArithmeticException.class, () -> e.segment(randomCt(new Shape(20, 20, 20), 2, 6)));
        assertTrue(ex.getMessage().contains("non-finite"), ex.getMessage());
    }

    @Test
    void specsThatDoNotFitTheModelAreRefusedOnLoad() throws Exception {
        ModelSpecException wrongChannels = assertThrows(ModelSpecException.class,
                () -> engine("bands_p16.onnx", new int[] {16, 16, 16}, 2, new String[] {"spleen", "liver"}));
        assertTrue(wrongChannels.getMessage().contains("output shape"), wrongChannels.getMessage());
        ModelSpecException wrongPatch = assertThrows(ModelSpecException.class,
                () -> engine("bands_p16.onnx", new int[] {32, 16, 16}, 2, NAMES));
        assertTrue(wrongPatch.getMessage().contains("input shape"), wrongPatch.getMessage());
        ModelSpecException missing = assertThrows(ModelSpecException.class,
                () -> engine("no_such_model.onnx", new int[] {16, 16, 16}, 2, NAMES));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void cudaOnACpuBuildFailsOrFallsBackAsConfigured() throws Exception {
        ModelSpec spec = ModelSpecLoader.load(spec(tmp, "bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES).toString());
        EngineOptions cuda = EngineOptions.defaults().withThreads(1, 1).withDevice(new Device(true, 0));
        ModelSpecException e = assertThrows(ModelSpecException.class, () -> new SegmentationEngine(spec, cuda));
        assertTrue(e.getMessage().contains("CUDA device 0"), e.getMessage());
        EngineOptions fallback = new EngineOptions(new Device(true, 0), EngineOptions.CudaFallback.CPU, 1, 2, 1)
                .withMinBodyMl(0); // a 17^3 test image at 2 mm holds 39 ml
        SegmentationEngine engine = new SegmentationEngine(spec, fallback);
        assertEquals(Device.CPU, engine.device());
        NiftiImage ct = randomCt(new Shape(17, 17, 17), 2, 7);
        assertEveryVoxelHasItsBand(ct, engine.segment(ct), THRESHOLDS);
    }

    @Test
    void sessionsAreOpenedOncePerModelDeviceAndThreadsAndClosedWithTheRegistry() throws Exception {
        ModelSpec spec = ModelSpecLoader.load(spec(tmp, "bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES).toString());
        EngineOptions one = EngineOptions.defaults().withThreads(1, 1);
        try (SessionRegistry registry = new SessionRegistry()) {
            ModelSessions first = registry.open(spec, one);
            assertSame(first, registry.open(spec, one));
            assertSame(first, registry.open(ModelFingerprint.identity(spec), () -> {
                throw new AssertionError("an open model is not loaded again");
            }, one.withThreads(1, 4)), "worker threads do not change the sessions");
            assertNotSame(first, registry.open(spec, one.withThreads(2, 2)));
            assertEquals(2, registry.size());
            registry.close();
            assertEquals(0, registry.size());
            assertNotSame(first, registry.open(spec, one), "a closed registry opens the model again");
        }
        SegmentationEngine a = engine("bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES);
        int open = SessionRegistry.shared().size();
        SegmentationEngine b = engine("bands_p16.onnx", new int[] {16, 16, 16}, 2, NAMES);
        assertEquals(open, SessionRegistry.shared().size(), "engines on the same model share its sessions");
        assertNotSame(a.workers(), b.workers(), "each engine has its own thread budget");
    }
}
