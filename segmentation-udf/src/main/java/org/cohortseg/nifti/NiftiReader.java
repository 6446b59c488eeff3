package org.cohortseg.nifti;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.cohortseg.geometry.Shape;

/**
 * Reads NIfTI-1 and NIfTI-2 single-file images, plain or gzip-compressed (detected from the
 * content, not the name), from a file or any stream.
 *
 * <p>The header is validated and the declared size checked against {@link ReadLimits} before the
 * voxel array is allocated, so a corrupt 348-byte header can never trigger a large allocation.
 *
 * <p>Gzip files are inflated whole by libdeflate ({@link NativeGunzip}) where it is available:
 * the compressed bytes are mapped (files) or buffered (streams), and the checksum is verified
 * before any voxel is used. Everything else, and any gzip file the native decoder refuses, goes
 * through one sequential streaming pass, which also gives the precise error for a broken file.
 */
public final class NiftiReader {
    private static final int BUFFER = 1 << 16;
    private static final int CHUNK = 1 << 20;
    /** Data after the voxels that the whole-file decoder still accepts (more is unusual: stream it). */
    private static final long MAX_TRAILING_BYTES = 1 << 26;
    private final ReadLimits limits;
    private final boolean nativeGunzip;

    /** A reader with {@link ReadLimits#DEFAULT}. */
    public NiftiReader() {
        this(ReadLimits.DEFAULT);
    }

    public NiftiReader(ReadLimits limits) {
        this(limits, true);
    }

    /** @param nativeGunzip whether gzip files may use the native decoder when it is available */
    NiftiReader(ReadLimits limits, boolean nativeGunzip) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.nativeGunzip = nativeGunzip && NativeGunzip.available();
    }

    /** The limits this reader checks. */
    public ReadLimits limits() {
        return limits;
    }

    /** Reads an image file ({@code .nii} or {@code .nii.gz}). */
    public NiftiImage read(Path file) throws IOException {
        if (nativeGunzip) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size > 2 && size <= Integer.MAX_VALUE) {
                    MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
                    if (isGzip(mapped.get(0), mapped.get(1))) {
                        return readWholeGzip(mapped, file.toString());
                    }
                }
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return readStream(in, file.toString());
        }
    }

    /** Reads only the header of an image file. */
    public NiftiHeader readHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readHeader(decompressed(in, file.toString()), file.toString());
        }
    }

    /**
     * Reads an image from a stream; {@code source} names it in errors. The stream is not closed.
     *
     * @throws InvalidHeaderException bad magic, sizeof_hdr, dimensions, offsets or scaling
     * @throws UnsupportedDatatypeException datatype outside the supported set
     * @throws UnsupportedDimensionsException 4-D with more than one time point, or more dimensions
     * @throws VolumeTooLargeException declared size above the limits
     * @throws InvalidGeometryException a non-finite or singular affine, or a voxel size outside the limits
     * @throws TruncatedDataException the data end early
     * @throws CorruptCompressionException the gzip stream is corrupt
     */
    public NiftiImage read(InputStream raw, String source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        if (!nativeGunzip || !startsWithGzip(in)) {
            return readStream(in, source);
        }
        // the compressed size is bounded like the voxel data it holds (stored blocks add 5 bytes per 64 KiB)
        int cap = (int) Math.min(limits.maxBytes() + (limits.maxBytes() >> 10) + CHUNK, Integer.MAX_VALUE - 8);
        byte[] compressed = in.readNBytes(cap);
        if (compressed.length == cap) {
            return readStream(new SequenceInputStream(new ByteArrayInputStream(compressed), in), source);
        }
        ByteBuffer whole = NativeGunzip.allocate(compressed.length);
        if (whole == null) {
            return readStream(new ByteArrayInputStream(compressed), source);
        }
        try {
            whole.put(compressed).flip();
            compressed = null; // the native copy is all that is needed now
            return readWholeGzip(whole, source);
        } finally {
            NativeGunzip.free(whole);
        }
    }

    /** One sequential pass: the header, then the voxels in chunks, then the rest of a gzip member for its CRC. */
    private NiftiImage readStream(InputStream raw, String source) throws IOException {
        InputStream in = decompressed(raw, source);
        NiftiHeader header = readHeader(in, source);
        Shape shape = checkedShape(header, source);
        GeometryCheck.check(header, limits, source);
        ScaleFactors scale = ScaleFactors.of(header, source);
        skip(in, header.voxOffset() - headerSize(header), source);
        VoxelArray voxels = VoxelArray.allocate(header.datatype(), shape.voxels());
        readVoxels(in, voxels, header.byteOrder(), source);
        if (in instanceof GZIPInputStream) {
            drain(in, source); // the CRC of a gzip member is checked only at its end
        }
        return image(header, shape, scale, voxels);
    }

    /**
     * A whole gzip file in a direct buffer (from position 0): the header is read by streaming its
     * first bytes, the declared size checked, then libdeflate inflates everything at once into
     * native memory of the size the gzip trailer gives. When it refuses (corrupt data, several
     * members, unusual trailing data), the streaming pass reads the same bytes and reports why.
     */
    private NiftiImage readWholeGzip(ByteBuffer gz, String source) throws IOException {
        NiftiHeader header = readHeader(decompressed(new ByteBufferInputStream(gz), source), source);
        Shape shape = checkedShape(header, source);
        GeometryCheck.check(header, limits, source);
        ScaleFactors scale = ScaleFactors.of(header, source);
        long dataBytes = (long) shape.voxels() * header.datatype().bytes();
        long expected = header.voxOffset() + dataBytes;
        long trailerSize = Integer.toUnsignedLong(gz.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(gz.limit() - 4));
        long total = expected + ((trailerSize - expected) & 0xFFFF_FFFFL); // ISIZE is the length modulo 2^32
        boolean fits = expected <= Integer.MAX_VALUE && total - expected <= MAX_TRAILING_BYTES && total <= Integer.MAX_VALUE;
        ByteBuffer inflated = fits ? NativeGunzip.allocate(total) : null;
        if (inflated == null) {
            return readStream(new ByteBufferInputStream(gz), source);
        }
        try {
            if (NativeGunzip.gunzip(gz, gz.limit(), inflated, total) != 0) {
                return readStream(new ByteBufferInputStream(gz), source);
            }
            VoxelArray voxels = VoxelArray.allocate(header.datatype(), shape.voxels());
            voxels.decode(inflated.slice((int) header.voxOffset(), (int) dataBytes).order(header.byteOrder()), 0,
                    shape.voxels());
            return image(header, shape, scale, voxels);
        } finally {
            NativeGunzip.free(inflated);
        }
    }

    private static NiftiImage image(NiftiHeader header, Shape shape, ScaleFactors scale, VoxelArray voxels) {
        double[] sizes = {header.voxelSize(0), header.voxelSize(1), header.voxelSize(2)};
        return new NiftiImage(shape, voxels, HeaderGeometry.affine(header), sizes, scale);
    }

    private static boolean isGzip(int b0, int b1) {
        return (b0 & 0xFF) == 0x1F && (b1 & 0xFF) == 0x8B;
    }

    private static boolean startsWithGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return isGzip(b0, b1);
    }

    private static int headerSize(NiftiHeader h) {
        return h.version() == 2 ? NiftiHeaderCodec.NIFTI2_SIZE : NiftiHeaderCodec.NIFTI1_SIZE;
    }

    private static InputStream decompressed(InputStream raw, String source) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, BUFFER);
        if (startsWithGzip(in)) {
            try {
                return new GZIPInputStream(in, BUFFER);
            } catch (ZipException e) {
                throw new CorruptCompressionException(source, "corrupt gzip header: " + e.getMessage(), e);
            } catch (EOFException e) {
                throw new TruncatedDataException(source, "gzip stream ends inside its header", e);
            }
        }
        return in;
    }

    private static NiftiHeader readHeader(InputStream in, String source) throws IOException {
        byte[] first = new byte[4];
        readFully(in, first, 0, 4, source, "header");
        NiftiHeaderCodec.Detected detected = NiftiHeaderCodec.detect(first, source);
        byte[] bytes = new byte[detected.headerSize()];
        System.arraycopy(first, 0, bytes, 0, 4);
        readFully(in, bytes, 4, bytes.length - 4, source, "header");
        return NiftiHeaderCodec.parse(bytes, detected.order(), source);
    }

    private Shape checkedShape(NiftiHeader h, String source) throws VolumeTooLargeException {
        long voxels = 1;
        for (int axis = 0; axis < 3; axis++) {
            voxels = Math.multiplyHigh(voxels, h.extent(axis)) != 0 ? Long.MAX_VALUE : voxels * h.extent(axis);
        }
        long bytes = voxels > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : voxels * h.datatype().bytes();
        String declared = h.extent(0) + "x" + h.extent(1) + "x" + h.extent(2) + " " + h.datatype();
        if (voxels > limits.maxVoxels()) {
            throw new VolumeTooLargeException(source, "declared size " + declared + " = " + voxels
                    + " voxels exceeds the limit of " + limits.maxVoxels());
        }
        if (bytes > limits.maxBytes()) {
            throw new VolumeTooLargeException(source, "declared size " + declared + " = " + bytes
                    + " bytes exceeds the limit of " + limits.maxBytes());
        }
        return new Shape((int) h.extent(0), (int) h.extent(1), (int) h.extent(2));
    }

    private static void readVoxels(InputStream in, VoxelArray voxels, ByteOrder order, String source)
            throws IOException {
        int size = voxels.type().bytes();
        int perChunk = CHUNK / size;
        byte[] chunk = new byte[perChunk * size];
        for (int done = 0; done < voxels.size(); ) {
            int count = Math.min(perChunk, voxels.size() - done);
            readFully(in, chunk, 0, count * size, source, "voxel data");
            voxels.decode(ByteBuffer.wrap(chunk, 0, count * size).order(order), done, count);
            done += count;
        }
    }

    /** Reads to the end of the stream, so that gzip verifies its checksum and length trailer. */
    private static void drain(InputStream in, String source) throws IOException {
        byte[] scratch = new byte[BUFFER];
        try {
            while (in.read(scratch) >= 0) {
                // trailing bytes after the voxels are allowed; only their integrity matters
            }
        } catch (ZipException e) {
            throw new CorruptCompressionException(source, "corrupt gzip data (checksum or trailer): " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new TruncatedDataException(source, "gzip stream ends before its trailer", e);
        }
    }

    private static void skip(InputStream in, long bytes, String source) throws IOException {
        byte[] scratch = new byte[(int) Math.min(BUFFER, Math.max(bytes, 1))];
        for (long left = bytes; left > 0; ) {
            int n = (int) Math.min(scratch.length, left);
            readFully(in, scratch, 0, n, source, "header extensions");
            left -= n;
        }
    }

    private static void readFully(InputStream in, byte[] b, int off, int len, String source, String what)
            throws IOException {
        int done = 0;
        try {
            while (done < len) {
                int n = in.read(b, off + done, len - done);
                if (n < 0) {
                    throw new TruncatedDataException(source, "file ends inside the " + what + " (" + done + " of "
                            + len + " bytes of the last block read)");
                }
                done += n;
            }
        } catch (ZipException e) {
            throw new CorruptCompressionException(source, "corrupt gzip data in the " + what + ": " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new TruncatedDataException(source, "gzip stream ends inside the " + what, e);
        }
    }
}
