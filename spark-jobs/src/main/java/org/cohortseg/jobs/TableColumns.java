package org.cohortseg.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a table, in order: its Spark schema, its rows and its documentation all come from
 * this one declaration, so they cannot drift apart.
 *
 * @param columns the columns, in table order
 */
public record TableColumns<T>(List<Column<T>> columns) {

    public TableColumns {
        columns = List.copyOf(columns);
    }

    @SafeVarargs
    public static <T> TableColumns<T> of(Column<T>... columns) {
        return new TableColumns<>(List.of(columns));
    }

    /** These columns followed by {@code more}. */
    public TableColumns<T> then(TableColumns<T> more) {
        List<Column<T>> all = new ArrayList<>(columns);
        all.addAll(more.columns);
        return new TableColumns<>(all);
    }

    /** The same columns read from {@code S}, through {@code part}. */
    public <S> TableColumns<S> from(Function<S, T> part) {
        return new TableColumns<>(columns.stream().map(c -> c.from(part)).toList());
    }

    public List<StructField> fields() {
        return columns.stream().map(Column::field).toList();
    }

    public StructType schema() {
        return new StructType(fields().toArray(new StructField[0]));
    }

    /** The values of one row, in column order. */
    public List<Object> values(T source) {
        List<Object> v = new ArrayList<>(columns.size());
        for (Column<T> c : columns) {
            v.add(c.value().apply(source));
        }
        return v;
    }

    public Row row(T source) {
        return RowFactory.create(values(source).toArray());
    }

    /** A Markdown table of the columns: name, SQL type, description. */
    public String markdown() {
        StringBuilder b = new StringBuilder("| column | type | description |\n|---|---|---|\n");
        for (Column<T> c : columns) {
            b.append("| `").append(c.name()).append("` | ").append(c.type().simpleString()).append(" | ").append(c.doc())
                    .append(" |\n");
        }
        return b.toString();
    }
}
