package org.cohortseg.measure;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/** Serialises maps, lists, strings and numbers exactly as Python's {@code json.dump(obj, f, indent=4)}. */
final class PythonJson {
    private static final String INDENT = "    ";

    private PythonJson() {
    }

    static void write(Object value, Writer out) throws IOException {
        write(value, out, 0);
    }

    private static void write(Object value, Writer out, int depth) throws IOException {
        if (value instanceof Map<?, ?> map) {
            writeMap(map, out, depth);
        } else if (value instanceof List<?> list) {
            writeList(list, out, depth);
        } else if (value instanceof Double d) {
            out.write(PythonFloats.repr(d));
        } else if (value instanceof Long || value instanceof Integer) {
            out.write(value.toString());
        } else if (value instanceof String s) {
            out.write(quote(s));
        } else {
            throw new IllegalArgumentException("cannot write " + value + " as JSON");
        }
    }

    private static void writeMap(Map<?, ?> map, Writer out, int depth) throws IOException {
        if (map.isEmpty()) {
            out.write("{}");
            return;
        }
        out.write("{");
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.write(first ? "\n" : ",\n");
            out.write(INDENT.repeat(depth + 1));
            out.write(quote(e.getKey().toString()));
            out.write(": ");
            write(e.getValue(), out, depth + 1);
            first = false;
        }
        out.write("\n" + INDENT.repeat(depth) + "}");
    }

    private static void writeList(List<?> list, Writer out, int depth) throws IOException {
        if (list.isEmpty()) {
            out.write("[]");
            return;
        }
        out.write("[");
        boolean first = true;
        for (Object v : list) {
            out.write(first ? "\n" : ",\n");
            out.write(INDENT.repeat(depth + 1));
            write(v, out, depth + 1);
            first = false;
        }
        out.write("\n" + INDENT.repeat(depth) + "]");
    }

    /** JSON string with Python's default ensure_ascii escaping. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
