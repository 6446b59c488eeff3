package org.cohortseg.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.cohortseg.io.CohortsegHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The notebooks are Databricks notebook sources that spark-sql -f and cohortseg sql run statement by statement. */
class SqlNotebookTest {
    private static final String SEPARATOR = "\n\n-- COMMAND ----------\n\n";

    static Stream<Path> notebooks() throws IOException {
        return Files.list(CohortsegHome.resolve("notebooks")).filter(f -> f.toString().endsWith(".sql")).sorted();
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void everyNotebookIsADatabricksSourceWithOneStatementPerCell(Path notebook) throws IOException {
        String text = Files.readString(notebook);
        assertTrue(text.startsWith("-- Databricks notebook source\n"), notebook + ": the header Databricks imports by");
        String[] cells = text.substring(text.indexOf('\n') + 1).strip().split(SEPARATOR);
        long statements = 0;
        for (String cell : cells) {
            List<String> lines = cell.lines().toList();
            if (lines.get(0).equals("-- MAGIC %md")) {
                assertTrue(lines.stream().allMatch(l -> l.startsWith("-- MAGIC")), notebook + ": a markdown cell is all MAGIC lines");
            } else {
                assertFalse(cell.contains("-- MAGIC") || cell.contains("-- COMMAND"), notebook + ": " + cell);
                assertEquals(1, cell.chars().filter(c -> c == ';').count(), notebook + ": one statement per cell: " + cell);
                statements++;
            }
        }
        assertEquals(statements, SqlNotebook.parse(notebook).size(), notebook + ": spark-sql's statements are the cells");
    }

    @Test
    void aStatementIsNamedByTheHeadingAboveIt(@TempDir Path tmp) throws IOException {
        Path notebook = Files.writeString(tmp.resolve("n.sql"), String.join("\n", "-- Databricks notebook source",
                "-- MAGIC %md", "-- MAGIC # Notebook", "-- MAGIC some text", "", "-- COMMAND ----------", "",
                "-- MAGIC %md", "-- MAGIC ## First", "", "-- COMMAND ----------", "", "SELECT 1", "  AS one;", "",
                "-- a comment", "SELECT 2;", "", "-- COMMAND ----------", "", "-- MAGIC %md", "-- MAGIC ### Second", "",
                "-- COMMAND ----------", "", "SELECT 3"));
        assertEquals(List.of(new SqlNotebook.Cell("First", "SELECT 1\n  AS one"), new SqlNotebook.Cell("First", "SELECT 2"),
                new SqlNotebook.Cell("Second", "SELECT 3\n")), SqlNotebook.parse(notebook));
    }
}
