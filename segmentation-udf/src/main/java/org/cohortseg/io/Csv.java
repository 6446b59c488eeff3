package org.cohortseg.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The CSV of every file cohortseg writes or reads outside Spark: RFC 4180, so that a value with a
 * comma, quote or line break is quoted (quotes doubled) instead of breaking its row; UTF-8; a
 * header line; and "\n" after every record, the line end these files have always had, so ordinary
 * values keep the bytes they had.
 */
public final class Csv {
    /** How cohortseg writes CSV. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    /** How cohortseg reads CSV: the first record names the columns, every one of them; empty lines are skipped. */
    private static final CSVFormat WITH_HEADER = FORMAT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setAllowMissingColumnNames(false).get();

    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private Csv() {
    }

    /** Writes the header and one record per row, and flushes {@code out}, which stays open. */
    public static void write(Appendable out, List<String> header, Iterable<? extends Iterable<?>> rows)
            throws IOException {
        CSVPrinter printer = new CSVPrinter(out, FORMAT);
        printer.printRecord(header);
        printer.printRecords(rows);
        printer.flush();
    }

    /** Writes the header and one record per row to a UTF-8 file. */
    public static void write(Path file, List<String> header, Iterable<? extends Iterable<?>> rows) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out, header, rows);
        }
    }

    /**
     * A parser of {@code text} with a header line, whose records give values by column name. A
     * leading byte-order mark, as spreadsheet programs write it, is skipped.
     */
    public static CSVParser parse(String text) throws IOException {
        return CSVParser.parse(text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text, WITH_HEADER);
    }

    /** The records of a UTF-8 file with a header line; {@code record.get(column)} gives a value. */
    public static List<CSVRecord> read(Path file) throws IOException {
        try (CSVParser parser = parse(Files.readString(file))) {
            return parser.getRecords();
        }
    }
}
