package org.cohortseg.stats;

/**
 * The age trend shared by the quantile and shash charts: an intercept and the natural cubic spline of
 * age with interior knots at the age quartiles, R's {@code 1 + splines::ns(age, knots = quantile(age,
 * c(.25, .5, .75)))} up to a change of basis.
 *
 * @param basis the spline basis
 * @param rows the design rows of the fitting data
 */
record ChartDesign(NaturalSpline.Basis basis, double[][] rows) {

    /** The design for a chart fitted to n scans at these ages, or why there is none. */
    static Estimate<ChartDesign> of(double[] age, int n) {
        if (n < CentileModel.MIN_N) {
            return Estimate.none("n < " + CentileModel.MIN_N + ": too few for reference centiles");
        }
        Estimate<NaturalSpline.Basis> basis = NaturalSpline.Basis.atQuartiles(age);
        if (!basis.present()) {
            return Estimate.none(basis.reason());
        }
        double[][] rows = new double[age.length][];
        for (int i = 0; i < age.length; i++) {
            rows[i] = row(basis.value(), age[i]);
        }
        return Estimate.of(new ChartDesign(basis.value(), rows));
    }

    /** The design row at an age. */
    double[] row(double age) {
        return row(basis, age);
    }

    /** Age scaled to [0, 1] over the fitting data's range, as the basis scales it. */
    double scaled(double age) {
        return (age - basis.lo()) / basis.scale();
    }

    private static double[] row(NaturalSpline.Basis basis, double age) {
        double[] b = basis.at(age);
        double[] row = new double[b.length + 1];
        row[0] = 1;
        System.arraycopy(b, 0, row, 1, b.length);
        return row;
    }
}
