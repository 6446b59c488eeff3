package org.cohortseg.dicom;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes a single-frame DICOM Part 10 file in explicit VR little endian from the attributes this
 * project reads ({@link DicomTag#KEPT}, each with its dictionary VR) and 16-bit pixels. Small on
 * purpose: it writes synthetic series (the phantom cohort as DICOM), not arbitrary datasets.
 */
public final class DicomWriter {
    /** A UID root for generated UIDs: 2.25 is the UUID-derived root of PS3.5 annex B.2. */
    public static final String UUID_ROOT = "2.25.";
    private static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    private static final String IMPLEMENTATION_CLASS_UID = uidOf("cohortseg DicomWriter");
    private static final MathContext DS_DIGITS = new MathContext(10);
    private final Map<Integer, byte[]> values = new TreeMap<>(Integer::compareUnsigned);

    /** A CT image (its SOP class may be set otherwise). */
    public DicomWriter() {
        text(DicomTag.SOP_CLASS_UID, CT_IMAGE_STORAGE);
    }

    /** A text attribute (UI, CS, LO, SH, DA, AS, ...); null leaves it out. */
    public DicomWriter text(int tag, String value) {
        if (value != null) {
            values.put(tag, value.getBytes(StandardCharsets.ISO_8859_1));
        }
        return this;
    }

    /** A multi-valued text attribute, values joined by a backslash. */
    public DicomWriter texts(int tag, String... value) {
        return text(tag, String.join("\\", value));
    }

    /** A decimal (DS) or integer (IS) string attribute. */
    public DicomWriter numbers(int tag, double... value) {
        String[] parts = new String[value.length];
        for (int i = 0; i < value.length; i++) {
            parts[i] = vr(tag).equals("IS") ? Long.toString(Math.round(value[i]))
                    : new BigDecimal(value[i]).round(DS_DIGITS).stripTrailingZeros().toPlainString();
        }
        return texts(tag, parts);
    }

    /** An unsigned short (US) attribute. */
    public DicomWriter unsignedShort(int tag, int value) {
        values.put(tag, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
        return this;
    }

    /** The file: preamble, file meta information, the attributes and {@code pixels} as 16-bit Pixel Data (OW). */
    public byte[] toBytes(short[] pixels) {
        ByteBuffer p = ByteBuffer.allocate(2 * pixels.length).order(ByteOrder.LITTLE_ENDIAN);
        p.asShortBuffer().put(pixels);
        ByteArrayOutputStream dataset = new ByteArrayOutputStream();
        for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
            element(dataset, e.getKey(), vr(e.getKey()), e.getValue());
        }
        element(dataset, DicomTag.PIXEL_DATA, "OW", p.array());
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x0002_0001, "OB", new byte[] {0, 1});
        element(meta, 0x0002_0002, "UI", values.get(DicomTag.SOP_CLASS_UID));
        element(meta, DicomTag.MEDIA_STORAGE_SOP_INSTANCE_UID, "UI", values.getOrDefault(DicomTag.SOP_INSTANCE_UID, new byte[0]));
        element(meta, DicomTag.TRANSFER_SYNTAX_UID, "UI", ascii(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()));
        element(meta, 0x0002_0012, "UI", ascii(IMPLEMENTATION_CLASS_UID));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[128]);
        file.writeBytes(ascii("DICM"));
        element(file, 0x0002_0000, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(meta.size()).array());
        file.writeBytes(meta.toByteArray());
        file.writeBytes(dataset.toByteArray());
        return file.toByteArray();
    }

    private static String vr(int tag) {
        String vr = DicomTag.KEPT.get(tag);
        if (vr == null) {
            throw new IllegalArgumentException("no dictionary VR for " + DicomTag.toString(tag));
        }
        return vr;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A UID derived from {@code name} (the same name gives the same UID): 2.25 and a name-based UUID as a number. */
    public static String uidOf(String name) {
        UUID u = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return UUID_ROOT + new BigInteger(1, b.array());
    }

    /** One explicit VR little endian element, its value padded to an even length (NUL for UI and binary, space for text). */
    private static void element(ByteArrayOutputStream out, int tag, String vr, byte[] value) {
        int length = value.length + (value.length & 1);
        boolean longLength = DicomFileParser.LONG_LENGTH_VRS.contains(vr);
        ByteBuffer head = ByteBuffer.allocate(longLength ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        head.putShort((short) (tag >>> 16)).putShort((short) tag).put(ascii(vr));
        if (longLength) {
            head.putShort((short) 0).putInt(length);
        } else {
            head.putShort((short) length);
        }
        out.writeBytes(head.array());
        out.writeBytes(value);
        if ((value.length & 1) == 1) {
            out.write(vr.equals("UI") || vr.equals("OB") ? 0 : ' ');
        }
    }
}
