package org.cohortseg.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cohortseg.io.Csv;
import org.junit.jupiter.api.Test;

/** rows.csv: the same bytes for plain structure names, and a name from a user's label map kept whole. */
class MeasuresCsvTest {
    private static final StructureMeasures LIVER = new StructureMeasures(5, "liver", 8, 27.0,
            new HuSummary(50.5, 2.25, 45, 55, 50.0, 46.0, 54.5, 0.0), new double[] {1, 2, 3}, new double[] {-1.5, 3.0, 4.5},
            new int[] {0, 1, 2}, new int[] {2, 3, 4}, false);

    private static String write(List<StructureMeasures> measures) throws IOException {
        StringWriter out = new StringWriter();
        MeasuresCsv.write(measures, out);
        return out.toString();
    }

    private static StructureMeasures absent(int labelId, String name) {
        return new StructureMeasures(labelId, name, 0, 0.0, null, null, null, null, null, false);
    }

    @Test
    void plainRowsAreWrittenAsBefore() throws IOException {
        String text = write(List.of(LIVER, absent(1, "spleen")));
        assertEquals(String.join(",", MeasuresCsv.COLUMNS) + "\n"
                + "5,liver,8,27.0,0.027,50.5,2.25,45.0,55.0,50.0,46.0,54.5,1.0,2.0,3.0,-1.5,3.0,4.5,0,1,2,2,3,4,false,\n"
                + "1,spleen,0,0.0,0.0" + ",".repeat(19) + ",false,absent\n", text);
    }

    @Test
    void aStructureNameWithACommaAndQuotesStaysOneField() throws IOException {
        String name = "vessel, \"left\" branch";
        try (CSVParser parser = Csv.parse(write(List.of(absent(7, name), LIVER)))) {
            List<CSVRecord> rows = parser.getRecords();
            assertEquals(MeasuresCsv.COLUMNS, parser.getHeaderNames());
            assertEquals(name, rows.get(0).get("structure"));
            assertEquals("absent", rows.get(0).get("exclusion_reason"));
            assertEquals(MeasuresCsv.COLUMNS.size(), rows.get(0).size());
            assertEquals("liver", rows.get(1).get("structure"));
        }
    }
}
