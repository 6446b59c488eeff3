package org.cohortseg.jobs;

import java.util.regex.Pattern;

/**
 * A catalog database (schema) to register tables in: {@code NAME} or, for catalogs with three-level
 * names such as Unity, {@code CATALOG.SCHEMA}. Plain identifiers only, so that every metastore
 * (Hive, Glue, Unity) takes the name as it is.
 */
public record CatalogName(String name) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    public CatalogName {
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a database name (letters, digits and _, "
                    + "optionally CATALOG.SCHEMA)");
        }
    }

    /** The database in SQL, each part quoted. */
    public String sql() {
        return "`" + name.replace(".", "`.`") + "`";
    }

    /** A table or view of the database in SQL. */
    public String table(String table) {
        return sql() + ".`" + table + "`";
    }

    @Override
    public String toString() {
        return name;
    }
}
