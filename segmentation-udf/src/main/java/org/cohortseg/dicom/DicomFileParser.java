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
import java.util.function.IntFunction;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Parses a DICOM Part 10 file (or a bare dataset without preamble and file meta, read as implicit
 * VR little endian): the file meta group in explicit VR little endian, then the dataset in its
 * transfer syntax, deflated or not. Only the kept attributes ({@link DicomTag#KEPT}) are stored: at
 * the top level, and in the functional groups of an enhanced multi-frame image (the shared item and
 * each frame's item, their nested sequences flattened), from which each frame's attributes are the
 * top level's overridden by the shared and then the frame's own. Other sequences, of defined or
 * undefined length, are stepped over. Parsing stops at the pixel data, which is returned as stored
 * (or not read at all for a header-only parse). Every declared length is checked against the bytes
 * left before anything is taken.
 */
public final class DicomFileParser {
    private static final long UNDEFINED = 0xFFFF_FFFFL;
    /** The value representations whose explicit-VR header has a 4-byte length (after 2 reserved bytes). */
    static final Set<String> LONG_LENGTH_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
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
            meta.walkMetaGroup(kept);
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
        walker.walk(dataset.limit(), kept, true);
        return new DicomFile(new DicomAttributes(kept, syntax.order(), source), syntax, syntaxUid, walker.stopped,
                walker.frames(syntax.order()), Optional.ofNullable(walker.pixels));
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

    /** Walks elements of one encoding, keeping what {@link DicomTag#KEPT} names into the map it is given. */
    private static final class Walker {
        private final ByteBuffer buffer;
        private final boolean explicitVr;
        private final String source;
        private final Map<Integer, byte[]> kept;
        private final boolean withPixels;
        private final Map<Integer, byte[]> shared = new HashMap<>();
        private final List<Map<Integer, byte[]>> perFrame = new ArrayList<>();
        private PixelData pixels;
        private boolean stopped;

        Walker(ByteBuffer buffer, boolean explicitVr, String source, Map<Integer, byte[]> kept, boolean withPixels) {
            this.buffer = buffer;
            this.explicitVr = explicitVr;
            this.source = source;
            this.kept = kept;
            this.withPixels = withPixels;
        }

        void walkMetaGroup(Map<Integer, byte[]> sink) throws DicomException {
            while (buffer.remaining() >= 8 && (buffer.getShort(buffer.position()) & 0xFFFF) == 0x0002) {
                element(sink, true);
            }
        }

        /** Each frame's attributes: the top level's, then the shared groups', then its own; none without per-frame groups. */
        List<DicomAttributes> frames(ByteOrder order) {
            List<DicomAttributes> out = new ArrayList<>();
            for (int f = 0; f < perFrame.size(); f++) {
                Map<Integer, byte[]> merged = new HashMap<>(kept);
                merged.putAll(shared);
                merged.putAll(perFrame.get(f));
                out.add(new DicomAttributes(merged, order, source + " frame " + (f + 1)));
            }
            return out;
        }

        /** Elements up to {@code end} or to an item delimitation, kept ones into {@code sink} (null: none). */
        void walk(int end, Map<Integer, byte[]> sink, boolean topLevel) throws DicomException {
            while (!stopped && buffer.position() < end) {
                if (buffer.remaining() < 8) {
                    if (topLevel && isPadding()) {
                        return; // trailing padding after the last element
                    }
                    throw new DicomException(source, "truncated: " + buffer.remaining() + " bytes where an element starts");
                }
                if (!element(sink, topLevel)) {
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
        private boolean element(Map<Integer, byte[]> sink, boolean topLevel) throws DicomException {
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
                sequence(tag, length, itemSinks(tag, sink, topLevel));
                return true;
            }
            int n = checkedLength(tag, length);
            if (sink != null && DicomTag.KEPT.containsKey(tag)) {
                byte[] value = new byte[n];
                buffer.get(value);
                sink.put(tag, value);
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

        /**
         * Where the items of sequence {@code tag} keep their attributes: the shared functional groups into
         * one map, each frame's into its own, the nested sequences of a group item into the item's map;
         * null (stepped over) for any other sequence.
         */
        private IntFunction<Map<Integer, byte[]>> itemSinks(int tag, Map<Integer, byte[]> sink, boolean topLevel) {
            if (topLevel && tag == DicomTag.SHARED_FUNCTIONAL_GROUPS) {
                return item -> shared;
            }
            if (topLevel && tag == DicomTag.PER_FRAME_FUNCTIONAL_GROUPS) {
                return item -> {
                    perFrame.add(new HashMap<>());
                    return perFrame.get(perFrame.size() - 1);
                };
            }
            return topLevel || sink == null ? null : item -> sink;
        }

        /** A sequence's items, each of defined or undefined length, walked into {@code sinks} or stepped over. */
        private void sequence(int tag, long length, IntFunction<Map<Integer, byte[]>> sinks) throws DicomException {
            if (length != UNDEFINED && sinks == null) {
                buffer.position(buffer.position() + checkedLength(tag, length));
                return;
            }
            int end = length == UNDEFINED ? buffer.limit() : buffer.position() + checkedLength(tag, length);
            for (int item = 0; buffer.position() < end; item++) {
                int itemTag = ((buffer.getShort() & 0xFFFF) << 16) | (buffer.getShort() & 0xFFFF);
                long itemLength = buffer.getInt() & UNDEFINED;
                if (itemTag == DicomTag.SEQUENCE_DELIMITATION) {
                    return;
                }
                if (itemTag != DicomTag.ITEM) {
                    throw new DicomException(source, "sequence " + DicomTag.toString(tag) + " holds "
                            + DicomTag.toString(itemTag) + " where an item should be");
                }
                Map<Integer, byte[]> sink = sinks == null ? null : sinks.apply(item);
                if (itemLength == UNDEFINED) {
                    walk(buffer.limit(), sink, false);
                } else if (sink == null) {
                    buffer.position(buffer.position() + checkedLength(itemTag, itemLength));
                } else {
                    walk(buffer.position() + checkedLength(itemTag, itemLength), sink, false);
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
