package org.cohortseg.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.cohortseg.geometry.Affine;
import org.cohortseg.geometry.Shape;

/**
 * Writes NIfTI-1 single-file images, gzip-compressed when the name ends in {@code .gz}. The image's
 * affine is stored as sform (code 1, scanner) and, where a rotation and the declared voxel sizes
 * express it exactly, as qform (code 1; otherwise code 0), so that any reader finds the same geometry.
 */
public final class NiftiWriter {
    private static final int CHUNK = 1 << 20;
    private final int gzipLevel;

    /** A writer with gzip level 1 (fast; CT volumes compress little better at higher levels). */
    public NiftiWriter() {
        this(Deflater.BEST_SPEED);
    }

    public NiftiWriter(int gzipLevel) {
        if (gzipLevel < 0 || gzipLevel > 9) {
            throw new IllegalArgumentException("gzip level must be in 0..9: " + gzipLevel);
        }
        this.gzipLevel = gzipLevel;
    }

    /** Writes {@code image} to {@code file}, creating parent folders. */
    public void write(NiftiImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            write(image, out, file.getFileName().toString().endsWith(".gz"));
        }
    }

    /** Writes {@code image} to a stream (not closed), optionally gzip-compressed. */
    public void write(NiftiImage image, OutputStream target, boolean gzip) throws IOException {
        OutputStream out = gzip ? new LeveledGzip(target, gzipLevel) : new BufferedOutputStream(target, CHUNK);
        out.write(NiftiHeaderCodec.encodeNifti1(header(image)));
        VoxelArray v = image.voxels();
        int size = v.type().bytes();
        int perChunk = CHUNK / size;
        byte[] chunk = new byte[perChunk * size];
        for (int done = 0; done < v.size(); ) {
            int count = Math.min(perChunk, v.size() - done);
            v.encode(ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN), done, count);
            out.write(chunk, 0, count * size);
            done += count;
        }
        if (out instanceof GZIPOutputStream g) {
            g.finish();
        }
        out.flush();
    }

    static NiftiHeader header(NiftiImage image) {
        Shape s = image.shape();
        Affine a = image.affine();
        double[] sizes = image.voxelSizes();
        QformParameters q = QformParameters.of(a, sizes);
        double[] pixdim = {q.qfac(), sizes[0], sizes[1], sizes[2], 1, 1, 1, 1};
        double[] srow = new double[12];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r * 4 + c] = a.get(r, c);
            }
        }
        ScaleFactors scale = image.scale();
        return new NiftiHeader(1, ByteOrder.LITTLE_ENDIAN, new long[] {3, s.nx(), s.ny(), s.nz(), 1, 1, 1, 1}, pixdim,
                image.voxels().type(), NiftiHeaderCodec.NIFTI1_MIN_OFFSET, scale.slope(), scale.inter(),
                q.valid() ? 1 : 0, 1, q.quatern(), new double[] {a.get(0, 3), a.get(1, 3), a.get(2, 3)}, srow,
                2 /* mm */, "cohortseg");
    }

    /** GZIPOutputStream with a chosen compression level. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, CHUNK);
            def.setLevel(level);
        }
    }
}
