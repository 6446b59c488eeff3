package org.cohortseg.stats;

/**
 * A measure of a structure that the aging study relates to age. Each is stored under its column
 * name in the measurement and statistics tables, so the enum is the one place those names live.
 * Declaration order is the order of tables and reports.
 */
public enum Measure {
    VOLUME_ML("volume_ml", "Volume"),
    MEAN_HU("mean_hu", "Attenuation");

    private final String column;
    private final String title;

    Measure(String column, String title) {
        this.column = column;
        this.title = title;
    }

    /** The column name, as the tables store the measure. */
    public String column() {
        return column;
    }

    /** A heading for the measure in reports. */
    public String title() {
        return title;
    }
}
