package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's column lists are the tables' declarations: each {@code <!-- columns: NAME -->} block
 * must equal what {@link TableColumns#markdown()} gives. Run with {@code -Dreadme.update=true} to
 * rewrite the blocks after changing a declaration.
 */
class ReadmeTablesTest {
    private static final Path README = Path.of(System.getProperty("cohortseg.root", ".."), "README.md");
    private static final Pattern BLOCK = Pattern.compile("<!-- columns: (\\w+) -->\n(.*?)<!-- /columns -->", Pattern.DOTALL);

    static Map<String, TableColumns<?>> declared() {
        Map<String, TableColumns<?>> tables = new LinkedHashMap<>();
        tables.put("scans", Tables.SCAN_RESULTS);
        tables.put("measurements", Tables.MEASUREMENTS);
        tables.put("series", SeriesTable.ALL);
        StatsTables.ALL.forEach(t -> tables.put(t.name(), t.columns()));
        return tables;
    }

    @Test
    void everyTableIsDocumentedAsDeclared() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Map<String, TableColumns<?>> tables = declared();
        Matcher m = BLOCK.matcher(readme);
        StringBuilder updated = new StringBuilder();
        int documented = 0;
        while (m.find()) {
            TableColumns<?> table = tables.get(m.group(1));
            assertTrue(table != null, "the README documents an unknown table: " + m.group(1));
            documented++;
            m.appendReplacement(updated, Matcher.quoteReplacement("<!-- columns: " + m.group(1) + " -->\n"
                    + table.markdown() + "<!-- /columns -->"));
            if (!Boolean.getBoolean("readme.update")) {
                assertEquals(table.markdown(), m.group(2), "README.md, table " + m.group(1)
                        + " (mvn -pl spark-jobs test -Dtest=ReadmeTablesTest -Dreadme.update=true rewrites it)");
            }
        }
        m.appendTail(updated);
        assertEquals(tables.size(), documented, "every table has its block in README.md");
        if (Boolean.getBoolean("readme.update")) {
            Files.writeString(README, updated, StandardCharsets.UTF_8);
        }
    }
}
