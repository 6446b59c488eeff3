package org.cohortseg.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The kept top-level attributes of one DICOM file, as their raw values in the file's byte order,
 * read on request as text, numbers or binary integers. An attribute that is absent or empty
 * (anonymised files often keep tags with no value) reads as empty.
 */
public final class DicomAttributes {
    private final Map<Integer, byte[]> values;
    private final ByteOrder order;
    private final String source;

    DicomAttributes(Map<Integer, byte[]> values, ByteOrder order, String source) {
        this.values = Map.copyOf(values);
        this.order = order;
        this.source = source;
    }

    /** The file these attributes come from. */
    public String source() {
        return source;
    }

    /** The text value, trimmed of padding; empty when absent or empty. */
    public Optional<String> text(int tag) {
        byte[] raw = values.get(tag);
        if (raw == null) {
            return Optional.empty();
        }
        String s = new String(raw, StandardCharsets.ISO_8859_1).replace('\0', ' ').strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** The backslash-separated values of a text attribute (none when absent). */
    public String[] texts(int tag) {
        return text(tag).map(s -> s.split("\\\\", -1)).orElse(new String[0]);
    }

    /** A decimal (DS) or integer (IS) string attribute's values as doubles. */
    public double[] numbers(int tag) throws DicomException {
        String[] parts = texts(tag);
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new DicomException(source, DicomTag.toString(tag) + " is not a number: '" + parts[i] + "'");
            }
        }
        return out;
    }

    /** Exactly {@code count} numbers, or an error naming the attribute. */
    public double[] numbers(int tag, int count) throws DicomException {
        double[] v = numbers(tag);
        if (v.length != count) {
            throw new DicomException(source, DicomTag.toString(tag) + " needs " + count + " values, has "
                    + (v.length == 0 ? "none" : Arrays.toString(v)));
        }
        return v;
    }

    /** The first number of a DS or IS attribute, if any. */
    public Optional<Double> number(int tag) throws DicomException {
        double[] v = numbers(tag);
        return v.length == 0 ? Optional.empty() : Optional.of(v[0]);
    }

    /** An unsigned 16-bit (US) attribute; empty when absent. */
    public Optional<Integer> unsignedShort(int tag) throws DicomException {
        byte[] raw = values.get(tag);
        if (raw == null || raw.length == 0) {
            return Optional.empty();
        }
        if (raw.length < 2) {
            throw new DicomException(source, DicomTag.toString(tag) + " has " + raw.length + " bytes, not 2");
        }
        return Optional.of(ByteBuffer.wrap(raw).order(order).getShort() & 0xFFFF);
    }

    /** A required unsigned 16-bit attribute. */
    public int requiredUnsignedShort(int tag) throws DicomException {
        return unsignedShort(tag).orElseThrow(() -> new DicomException(source, "missing " + DicomTag.toString(tag)));
    }
}
