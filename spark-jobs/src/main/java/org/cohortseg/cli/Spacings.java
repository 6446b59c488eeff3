package org.cohortseg.cli;

/** Parses spacing options: "3" (isotropic) or "0.8,0.8,2". */
final class Spacings {
    private Spacings() {
    }

    /** The spacing, or null when {@code text} is null. */
    static double[] parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split(",");
        if (parts.length != 1 && parts.length != 3) {
            throw new IllegalArgumentException("spacing must be one value or x,y,z: " + text);
        }
        double[] s = new double[3];
        for (int a = 0; a < 3; a++) {
            s[a] = Double.parseDouble(parts[parts.length == 1 ? 0 : a].trim());
            if (!(s[a] > 0)) {
                throw new IllegalArgumentException("spacing must be positive: " + text);
            }
        }
        return s;
    }
}
