package org.cohortseg.jobs;

import java.util.function.Function;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.cohortseg.stats.Estimate;

/**
 * One column of an output table: its name, Spark type, how its value is read from what a row
 * describes ({@code T}), and a one-line description for the README. Every column is nullable.
 *
 * @param name column name (stable: analysts' SQL depends on it)
 * @param type Spark type
 * @param value the value for one row (null: SQL NULL)
 * @param doc what the column holds, in one line
 */
public record Column<T>(String name, DataType type, Function<T, ?> value, String doc) {

    public static <T> Column<T> text(String name, Function<T, String> value, String doc) {
        return new Column<>(name, DataTypes.StringType, value, doc);
    }

    public static <T> Column<T> integer(String name, Function<T, Integer> value, String doc) {
        return new Column<>(name, DataTypes.IntegerType, value, doc);
    }

    public static <T> Column<T> bigint(String name, Function<T, Long> value, String doc) {
        return new Column<>(name, DataTypes.LongType, value, doc);
    }

    public static <T> Column<T> real(String name, Function<T, Double> value, String doc) {
        return new Column<>(name, DataTypes.DoubleType, value, doc);
    }

    public static <T> Column<T> bool(String name, Function<T, Boolean> value, String doc) {
        return new Column<>(name, DataTypes.BooleanType, value, doc);
    }

    public static <T> Column<T> timestamp(String name, Function<T, java.sql.Timestamp> value, String doc) {
        return new Column<>(name, DataTypes.TimestampType, value, doc);
    }

    /** A number read from a statistic that may be undefined: NULL when it is (the reason is another column's). */
    public static <T, E> Column<T> estimated(String name, Function<T, Estimate<E>> estimate, Function<E, Double> value,
                                             String doc) {
        return real(name, t -> {
            Estimate<E> e = estimate.apply(t);
            return e.present() ? value.apply(e.value()) : null;
        }, doc);
    }

    /** The same column read from {@code S}, through {@code part}. */
    public <S> Column<S> from(Function<S, T> part) {
        return new Column<>(name, type, part.andThen(value), doc);
    }

    StructField field() {
        return DataTypes.createStructField(name, type, true);
    }
}
