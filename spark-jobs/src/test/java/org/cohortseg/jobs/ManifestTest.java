package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Manifests are read as written: format from the content, text stays text, every problem named. */
class ManifestTest {
    private static final String HEADER = "scan_id,subject_id,path,age,sex";

    @TempDir
    Path tmp;

    private Manifest read(String name, String text, ManifestFormat format) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return Manifest.read(SharedSpark.get(), file.toString(), format);
    }

    private String error(String name, String text) {
        return assertThrows(IllegalArgumentException.class, () -> read(name, text, ManifestFormat.AUTO)).getMessage();
    }

    @Test
    void idsAndTextStayAsWrittenAndOnlyPlainNumbersBecomeNumbers() throws Exception {
        Manifest m = read("manifest.CSV", "\uFEFF" + HEADER + ",kvp,weight,code,site\n"
                + "007,0042,a.nii,61,F,120,70.5,007,\"Z\u00fcrich, CH\"\n"
                + "8,S2,b.nii,,M,100,80,12,\"say \"\"hi\"\"\"\n", ManifestFormat.AUTO);
        StructType s = m.schema();
        assertEquals(DataTypes.StringType, s.apply("scan_id").dataType());
        assertEquals(DataTypes.DoubleType, s.apply("age").dataType());
        assertEquals(DataTypes.LongType, s.apply("kvp").dataType());
        assertEquals(DataTypes.DoubleType, s.apply("weight").dataType());
        assertEquals(DataTypes.StringType, s.apply("code").dataType(), "007 is an id, not seven");
        ScanTask first = m.tasks().get(0);
        assertEquals("007", first.scanId());
        assertEquals("0042", first.subjectId());
        assertEquals(List.of("007", "0042", "a.nii", 61.0, "F", 120L, 70.5, "007", "Z\u00fcrich, CH"),
                first.manifestValues());
        assertEquals("say \"hi\"", m.tasks().get(1).manifestValues().get(8));
        assertEquals("age missing", m.tasks().get(1).manifestIssues());
        assertNull(m.tasks().get(1).age());
    }

    @Test
    void parquetIsKnownByItsContentWhateverItsName() throws Exception {
        SparkSession spark = SharedSpark.get();
        StructType schema = new StructType().add("scan_id", DataTypes.IntegerType).add("subject_id", DataTypes.StringType)
                .add("path", DataTypes.StringType).add("age", DataTypes.StringType).add("sex", DataTypes.StringType);
        Path folder = tmp.resolve("manifest.csv");
        spark.createDataFrame(List.of(RowFactory.create(7, "S", "x.nii", "40", "F")), schema).coalesce(1)
                .write().parquet(folder.toString());
        Manifest fromFolder = Manifest.read(spark, folder.toString(), ManifestFormat.AUTO);
        assertEquals("7", fromFolder.tasks().get(0).scanId());
        assertEquals(40.0, fromFolder.tasks().get(0).age());
        Path part;
        try (var files = Files.list(folder)) {
            part = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Path renamed = Files.copy(part, tmp.resolve("cohort.CSV"));
        assertEquals(1, Manifest.read(spark, renamed.toString(), ManifestFormat.AUTO).tasks().size());
        assertEquals(1, read("really_csv.parquet", HEADER + "\na,b,c.nii,50,M\n", ManifestFormat.AUTO).tasks().size());
        assertEquals(1, read("explicit.txt", HEADER + "\na,b,c.nii,50,M\n", ManifestFormat.CSV).tasks().size());
    }

    @Test
    void manifestErrorsNameTheFileAndTheLines() {
        assertTrue(error("empty.csv", HEADER + "\n").endsWith("empty.csv: the manifest has no rows"));
        assertTrue(error("nothing.csv", "").contains("nothing.csv: the manifest lacks the columns"));
        assertTrue(error("cols.csv", "scan_id,path\na,b\n").contains("lacks the columns [subject_id, age, sex]"));
        assertTrue(error("dup.csv", HEADER + "\na,1,x,1,F\nb,1,x,1,F\na,1,x,1,F\n,1,x,1,F\n")
                .contains("2 rows without a unique scan_id (line 4: scan_id 'a' repeats line 2, line 5: no scan_id)"));
        assertTrue(error("fields.csv", HEADER + "\na,1,x,1,F\nb,1,x\n").contains("line 3 has 3 fields, the header 5"));
        assertTrue(error("quote.csv", HEADER + "\na,1,\"x,1,F\n").contains("quote.csv"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "50|F|50.0|",
        "'  72 '|female|72.0|",
        "forty|M||age 'forty' is not a number",
        "''|m||age missing",
        "-3|M||age -3 is outside 0-120 years",
        "250|F||age 250 is outside 0-120 years",
        "NaN|F||age 'NaN' is not a number",
        "60|X|60.0|sex 'X' is not F or M",
        "60|''|60.0|sex missing",
        "''|''||age missing; sex missing"})
    void ageAndSexAreChecked(String age, String sex, Double years, String issues) {
        Demographics d = Demographics.check(age, sex);
        assertEquals(years, d.age());
        assertEquals(issues, d.issues());
    }

    @Test
    void pathsAreFileNamesUnlessTheyAreUris() throws Exception {
        org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path("file:/data/cohort");
        assertEquals("file:/data/cohort/odd: name, \"q\" \u00fc #1.nii.gz",
                ScanPaths.resolve(base, "odd: name, \"q\" \u00fc #1.nii.gz").toString());
        assertEquals("file:/scans/a b.nii", ScanPaths.resolve(base, "file:///scans/a%20b.nii").toString());
        assertEquals("s3a://bucket/a b.nii", ScanPaths.resolve(base, "s3a://bucket/a b.nii").toString());
        assertEquals("file:/abs/x.nii", ScanPaths.resolve(base, "/abs/x.nii").toString());
        InvalidScanPathException e = assertThrows(InvalidScanPathException.class,
                () -> ScanPaths.resolve(base, "s3a://K:S@bucket/x.nii"));
        assertTrue(e.getMessage().startsWith("the path s3a://***@bucket/x.nii holds credentials"), e.getMessage());
        assertThrows(InvalidScanPathException.class, () -> ScanPaths.resolve(base, " "));
    }
}
