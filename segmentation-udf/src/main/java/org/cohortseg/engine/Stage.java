package org.cohortseg.engine;

import java.util.Locale;

/**
 * The timed stages of one scan, in pipeline order. {@link #READ} and {@link #MEASURE} are timed by
 * the scan pipeline around the engine, the others by the engine; each becomes a
 * {@code seconds_<name>} column of the scans table.
 */
public enum Stage {
    READ("reading and decoding the NIfTI file"),
    ORIENT("checking the image content (the canonical RAS order is read through while resampling)"),
    RESAMPLE("reading the CT in canonical RAS order, resampled to the model spacing"),
    NORMALIZE("cutting and normalising the windows"),
    INFER("running the networks"),
    BLEND("blending the window logits (Gaussian weights), the argmax and merging the parts"),
    RESTORE("bringing the labels back to the CT's grid and orientation"),
    MEASURE("measuring every structure");

    private final String doc;

    Stage(String doc) {
        this.doc = doc;
    }

    /** The stage's name in logs and tables ("read", "orient", ...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scans-table column holding the stage's seconds. */
    public String column() {
        return "seconds_" + label();
    }

    /** What the stage covers, in a few words. */
    public String doc() {
        return doc;
    }
}
