package org.cohortseg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cohortseg's CSV: the bytes of plain values unchanged, any value back as written. */
class CsvTest {
    @Test
    void plainValuesAreWrittenUnquotedWithALineFeedAfterEachRecord() throws IOException {
        StringWriter out = new StringWriter();
        Csv.write(out, List.of("scan_id", "age", "note"), List.of(List.of("P00001_ct1", "-61.5", ""), List.of("A", "7", "x y")));
        assertEquals("scan_id,age,note\nP00001_ct1,-61.5,\nA,7,x y\n", out.toString());
    }

    @Test
    void valuesWithCommasQuotesAndLineBreaksComeBackAsWritten(@TempDir Path tmp) throws IOException {
        List<String> odd = List.of("Z\u00fcrich, CH", "say \"hi\"", "two\nlines", " padded ", "#1", "");
        Path file = tmp.resolve("odd.csv");
        Csv.write(file, List.of("id", "value"), odd.stream().map(v -> List.of("id " + v, v)).toList());
        List<CSVRecord> records = Csv.read(file);
        assertEquals(odd, records.stream().map(r -> r.get("value")).toList());
        assertEquals(odd.stream().map(v -> "id " + v).toList(), records.stream().map(r -> r.get("id")).toList());
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsSkipped() throws IOException {
        try (CSVParser parser = Csv.parse("\uFEFFscan_id,path\nA,a.nii\n")) {
            assertEquals("a.nii", parser.getRecords().get(0).get("path"));
        }
    }
}
