package org.cohortseg.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Parses a DICOM Part 10 file (or a bare dataset without preamble and file meta, read as implicit
 * VR little endian): the file meta group in explicit VR little endian, then the dataset in its
 * transfer syntax, deflated or not. Only the kept top-level attributes ({@link DicomTag#KEPT}) are
 * stored; sequences of defined or undefined length are stepped over, nested items included. Parsing
 * stops at the pixel data, which is returned as stored (or not read at all for a header-only
 * parse). Every declared length is checked against the bytes left before anything is taken.
 */
public final class DicomFileParser {
    private static final long UNDEFINED = 0xFFFF_FFFFL;
    private static final Set<String> LONG_LENGTH_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    /** Inflated datasets larger than this are refused: a CT slice's header is kilobytes, its pixels megabytes. */
    private static final int MAX_INFLATED = 1 << 30;

    private DicomFileParser() {
    }

    /**
     * Parses a whole file; {@code withPixels} false stops before the pixel data.
     *
     * @throws NotDicomException when the bytes are not DICOM at all
     */
    public static DicomFile parse(byte[] bytes, String source, boolean withPixels) throws DicomException {
        try {
            return parseOrThrow(bytes, source, withPixels);
        } catch (BufferUnderflowException e) {
            throw new DicomException(source, "truncated: the file ends inside an element", e);
        }
    }

    private static DicomFile parseOrThrow(byte[] bytes, String source, boolean withPixels) throws DicomException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Map<Integer, byte[]> kept = new HashMap<>();
        String syntaxUid;
        if (hasPreamble(bytes)) {
            buffer.position(132);
            Walker meta = new Walker(buffer, true, source, kept, false);
            meta.walkMetaGroup();
            syntaxUid = new DicomAttributes(kept, ByteOrder.LITTLE_ENDIAN, source).text(DicomTag.TRANSFER_SYNTAX_UID)
                    .orElseThrow(() -> new DicomException(source, "file meta information without a transfer syntax UID"));
        } else if (looksLikeDataset(bytes)) {
            syntaxUid = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
        } else {
            throw new NotDicomException(source);
        }
        TransferSyntax syntax = TransferSyntax.of(syntaxUid);
        ByteBuffer dataset = syntax.deflated() ? inflate(buffer, source) : buffer.slice();
        dataset.order(syntax.order());
        Walker walker = new Walker(dataset, syntax.explicitVr(), source, kept, withPixels);
        walker.walk(dataset.limit(), true);
        return new DicomFile(new DicomAttributes(kept, syntax.order(), source), syntax, syntaxUid, walker.stopped,
                Optional.ofNullable(walker.pixels));
    }

    private static boolean hasPreamble(byte[] bytes) {
        return bytes.length >= 132 && bytes[128] == 'D' && bytes[129] == 'I' && bytes[130] == 'C' && bytes[131] == 'M';
    }

    /** A bare dataset starts with a group 0008 element (as dcmconv -F writes it). */
    private static boolean looksLikeDataset(byte[] bytes) {
        return bytes.length >= 8 && bytes[0] == 0x08 && bytes[1] == 0x00;
    }

    private static ByteBuffer inflate(ByteBuffer buffer, String source) throws DicomException {
        Inflater inflater = new Inflater(true);
        inflater.setInput(buffer.slice());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break; // some writers end the stream without its final block
                }
                out.write(chunk, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new DicomException(source, "deflated dataset inflates beyond " + MAX_INFLATED + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new DicomException(source, "deflated dataset is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        return ByteBuffer.wrap(out.toByteArray());
    }

    /** Walks elements of one encoding, keeping what {@link DicomTag#KEPT} names at the top level. */
    private static final class Walker {
        private final ByteBuffer buffer;
        private final boolean explicitVr;
        private final String source;
        private final Map<Integer, byte[]> kept;
        private final boolean withPixels;
        private PixelData pixels;
        private boolean stopped;

        Walker(ByteBuffer buffer, boolean explicitVr, String source, Map<Integer, byte[]> kept, boolean withPixels) {
            this.buffer = buffer;
            this.explicitVr = explicitVr;
            this.source = source;
            this.kept = kept;
            this.withPixels = withPixels;
        }

        void walkMetaGroup() throws DicomException {
            while (buffer.remaining() >= 8 && (buffer.getShort(buffer.position()) & 0xFFFF) == 0x0002) {
                element(true);
            }
        }

        /** Elements up to {@code end} or to an item delimitation (undefined-length item). */
        void walk(int end, boolean topLevel) throws DicomException {
            while (!stopped && buffer.position() < end) {
                if (buffer.remaining() < 8) {
                    if (topLevel && isPadding()) {
                        return; // trailing padding after the last element
                    }
                    throw new DicomException(source, "truncated: " + buffer.remaining() + " bytes where an element starts");
                }
                if (!element(topLevel)) {
                    return;
                }
            }
        }

        private boolean isPadding() {
            for (int i = buffer.position(); i < buffer.limit(); i++) {
                if (buffer.get(i) != 0) {
                    return false;
                }
            }
            return true;
        }

        /** One element; false at an item delimitation. */
        private boolean element(boolean topLevel) throws DicomException {
            int tag = ((buffer.getShort() & 0xFFFF) << 16) | (buffer.getShort() & 0xFFFF);
            if (tag == DicomTag.ITEM_DELIMITATION || tag == DicomTag.SEQUENCE_DELIMITATION) {
                buffer.getInt();
                return false;
            }
            String vr;
            long length;
            boolean metaGroup = (tag >>> 16) == 0x0002;
            if (explicitVr || metaGroup) {
                vr = new String(new byte[] {buffer.get(), buffer.get()}, StandardCharsets.US_ASCII);
                if (LONG_LENGTH_VRS.contains(vr)) {
                    buffer.getShort();
                    length = buffer.getInt() & UNDEFINED;
                } else {
                    length = buffer.getShort() & 0xFFFF;
                }
            } else {
                vr = DicomTag.KEPT.getOrDefault(tag, "");
                length = buffer.getInt() & UNDEFINED;
            }
            if (tag == DicomTag.PIXEL_DATA && topLevel) {
                pixels = withPixels ? pixelData(length) : null;
                stopped = true;
                return false;
            }
            if (vr.equals("SQ") || length == UNDEFINED) {
                sequence(tag, length);
                return true;
            }
            int n = checkedLength(tag, length);
            if (topLevel && DicomTag.KEPT.containsKey(tag)) {
                byte[] value = new byte[n];
                buffer.get(value);
                kept.put(tag, value);
            } else {
                buffer.position(buffer.position() + n);
            }
            return true;
        }

        private int checkedLength(int tag, long length) throws DicomException {
            if (length > buffer.remaining()) {
                throw new DicomException(source, "truncated: " + DicomTag.toString(tag) + " declares " + length
                        + " bytes, " + buffer.remaining() + " are left");
            }
            return (int) length;
        }

        /** Steps over a sequence: its items, each of defined or undefined length. */
        private void sequence(int tag, long length) throws DicomException {
            if (length != UNDEFINED) {
                buffer.position(buffer.position() + checkedLength(tag, length));
                return;
            }
            while (true) {
                int itemTag = ((buffer.getShort() & 0xFFFF) << 16) | (buffer.getShort() & 0xFFFF);
                long itemLength = buffer.getInt() & UNDEFINED;
                if (itemTag == DicomTag.SEQUENCE_DELIMITATION) {
                    return;
                }
                if (itemTag != DicomTag.ITEM) {
                    throw new DicomException(source, "sequence " + DicomTag.toString(tag) + " holds "
                            + DicomTag.toString(itemTag) + " where an item should be");
                }
                if (itemLength == UNDEFINED) {
                    walk(buffer.limit(), false);
                } else {
                    buffer.position(buffer.position() + checkedLength(itemTag, itemLength));
                }
            }
        }

        private PixelData pixelData(long length) throws DicomException {
            if (length != UNDEFINED) {
                int n = checkedLength(DicomTag.PIXEL_DATA, length);
                PixelData data = new PixelData.Native(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
                buffer.position(buffer.position() + n);
                return data;
            }
            long[] offsets = null;
            List<byte[]> fragments = new ArrayList<>();
            while (true) {
                int itemTag = ((buffer.getShort() & 0xFFFF) << 16) | (buffer.getShort() & 0xFFFF);
                long itemLength = buffer.getInt() & UNDEFINED;
                if (itemTag == DicomTag.SEQUENCE_DELIMITATION) {
                    break;
                }
                if (itemTag != DicomTag.ITEM || itemLength == UNDEFINED) {
                    throw new DicomException(source, "encapsulated pixel data holds " + DicomTag.toString(itemTag)
                            + " where a fragment should be");
                }
                byte[] item = new byte[checkedLength(itemTag, itemLength)];
                buffer.get(item);
                if (offsets == null) { // the first item is the basic offset table
                    ByteBuffer table = ByteBuffer.wrap(item).order(ByteOrder.LITTLE_ENDIAN);
                    offsets = new long[item.length / 4];
                    for (int i = 0; i < offsets.length; i++) {
                        offsets[i] = table.getInt() & UNDEFINED;
                    }
                } else {
                    fragments.add(item);
                }
            }
            if (offsets == null) {
                throw new DicomException(source, "encapsulated pixel data without a basic offset table item");
            }
            return new PixelData.Encapsulated(offsets, fragments);
        }
    }
}
