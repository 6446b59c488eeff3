package org.cohortseg.jobs;

/**
 * A table of {@code cohortseg stats}: the folder it is written to under the output (and its name in
 * notebooks and catalogs), and its columns.
 *
 * @param name folder and table name
 * @param columns the column declaration
 * @param <T> what one row describes
 */
public record StatsTable<T>(String name, TableColumns<T> columns) {
}
