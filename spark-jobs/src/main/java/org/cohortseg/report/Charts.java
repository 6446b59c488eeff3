package org.cohortseg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.cohortseg.measure.StructureCategory;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The report's figures as PNG images (JFreeChart, headless). */
final class Charts {
    static final Color FEMALE = new Color(0xC0, 0x39, 0x2B);
    static final Color MALE = new Color(0x21, 0x61, 0x9C);
    private static final int WIDTH = 720;
    private static final Map<StructureCategory, Color> CATEGORY_COLOURS = new EnumMap<>(Map.of(
            StructureCategory.ORGAN, new Color(0x8E, 0x44, 0xAD),
            StructureCategory.BONE, new Color(0x7F, 0x8C, 0x8D),
            StructureCategory.MUSCLE, new Color(0xD3, 0x54, 0x00),
            StructureCategory.VESSEL, new Color(0xC0, 0x39, 0x2B)));

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    static byte[] png(JFreeChart chart, int height) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(0xFA, 0xFA, 0xFA));
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, height);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Horizontal bars of Spearman rs per structure (in the given order), coloured by category (grey without one). */
    static byte[] spearmanBars(String title, List<String> structures, Map<String, Double> rho,
                               Map<String, StructureCategory> category) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (String s : structures) {
            d.addValue(rho.get(s), "rs", s);
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, "Spearman rs with age", d,
                PlotOrientation.HORIZONTAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer bars = new BarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return CATEGORY_COLOURS.getOrDefault(category.get(structures.get(column)), Color.GRAY);
            }
        };
        bars.setShadowVisible(false);
        bars.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        plot.setRenderer(bars);
        org.jfree.chart.LegendItemCollection legend = new org.jfree.chart.LegendItemCollection();
        CATEGORY_COLOURS.forEach((c, colour) -> legend.add(new org.jfree.chart.LegendItem(c.label(), colour)));
        plot.setFixedLegendItems(legend);
        chart.addLegend(new org.jfree.chart.title.LegendTitle(plot));
        plot.getRangeAxis().setRange(-1, 1);
        return png(chart, 100 + 14 * structures.size());
    }

    /** Scans as points per sex, with the least-squares line and the spline trajectory with its 95 % band per sex. */
    static byte[] scatterWithTrajectory(String title, String measure, Map<Boolean, double[][]> points,
                                        Map<Boolean, double[][]> trajectory) {
        XYSeriesCollection scans = new XYSeriesCollection();
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        for (boolean male : new boolean[] {false, true}) {
            XYSeries s = new XYSeries(male ? "men" : "women");
            for (double[] p : points.getOrDefault(male, new double[0][])) {
                s.add(p[0], p[1]);
            }
            scans.addSeries(s);
            YIntervalSeries b = new YIntervalSeries((male ? "men" : "women") + ": spline fit, 95 % band");
            for (double[] t : trajectory.getOrDefault(male, new double[0][])) {
                b.add(t[0], t[1], t[2], t[3]);
            }
            bands.addSeries(b);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(title, "age (years)", measure, scans);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer dots = (XYLineAndShapeRenderer) plot.getRenderer();
        dots.setSeriesPaint(0, withAlpha(FEMALE, 110));
        dots.setSeriesPaint(1, withAlpha(MALE, 110));
        DeviationRenderer band = new DeviationRenderer(true, false);
        band.setSeriesPaint(0, FEMALE);
        band.setSeriesFillPaint(0, FEMALE);
        band.setSeriesPaint(1, MALE);
        band.setSeriesFillPaint(1, MALE);
        band.setSeriesStroke(0, new BasicStroke(2.5f));
        band.setSeriesStroke(1, new BasicStroke(2.5f));
        band.setAlpha(0.25f);
        plot.setDataset(1, bands);
        plot.setRenderer(1, band);
        XYSeriesCollection lines = new XYSeriesCollection();
        for (boolean male : new boolean[] {false, true}) {
            lines.addSeries(straightLine(male ? "men: linear fit" : "women: linear fit", points.getOrDefault(male, new double[0][])));
        }
        XYLineAndShapeRenderer straight = new XYLineAndShapeRenderer(true, false);
        for (int k = 0; k < 2; k++) {
            straight.setSeriesPaint(k, k == 0 ? FEMALE : MALE);
            straight.setSeriesStroke(k, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 4}, 0));
        }
        plot.setDataset(2, lines);
        plot.setRenderer(2, straight);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return png(chart, 420);
    }

    /** The least-squares line through the points, drawn over their age range (empty with fewer than 3 points). */
    private static XYSeries straightLine(String name, double[][] points) {
        XYSeries line = new XYSeries(name);
        double[] age = new double[points.length];
        double[] value = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            age[i] = points[i][0];
            value[i] = points[i][1];
        }
        var fit = org.cohortseg.stats.LeastSquares.fit(value, List.of(age), List.of("age"));
        if (fit.present()) {
            double[] beta = fit.value().fit().coefficients();
            double lo = java.util.Arrays.stream(age).min().orElseThrow();
            double hi = java.util.Arrays.stream(age).max().orElseThrow();
            line.add(lo, beta[0] + beta[1] * lo);
            line.add(hi, beta[0] + beta[1] * hi);
        }
        return line;
    }

    /** Box plots of a measure by age group, as the aging study's Fig. 6. */
    static byte[] boxPlots(String title, String measure, Map<String, List<Double>> byGroup) {
        DefaultBoxAndWhiskerCategoryDataset d = new DefaultBoxAndWhiskerCategoryDataset();
        byGroup.forEach((group, values) -> d.add(values, measure, group));
        JFreeChart chart = ChartFactory.createBoxAndWhiskerChart(title, "age group (years)", measure, d, false);
        org.jfree.chart.renderer.category.BoxAndWhiskerRenderer boxes =
                (org.jfree.chart.renderer.category.BoxAndWhiskerRenderer) chart.getCategoryPlot().getRenderer();
        boxes.setMeanVisible(false);
        boxes.setMaximumBarWidth(0.12);
        boxes.setSeriesPaint(0, new Color(0x5D, 0xAD, 0xE2));
        ((NumberAxis) chart.getCategoryPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        return png(chart, 380);
    }

    /** Reference centile curves (5, 25, 50, 75, 95) of one sex with that sex's scans. */
    static byte[] centileChart(String title, String measure, double[][] points, double[][] centiles, boolean male) {
        XYSeriesCollection lines = new XYSeriesCollection();
        String[] names = {"5th", "25th", "50th", "75th", "95th"};
        for (int k = 0; k < names.length; k++) {
            XYSeries s = new XYSeries(names[k] + " centile");
            for (double[] c : centiles) {
                s.add(c[0], c[k + 1]);
            }
            lines.addSeries(s);
        }
        XYSeries scans = new XYSeries("scans");
        for (double[] p : points) {
            scans.add(p[0], p[1]);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "age (years)", measure, lines);
        XYPlot plot = chart.getXYPlot();
        Color c = male ? MALE : FEMALE;
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int k = 0; k < names.length; k++) {
            r.setSeriesPaint(k, c);
            r.setSeriesStroke(k, new BasicStroke(k == 2 ? 2.5f : 1.2f));
        }
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setSeriesPaint(0, withAlpha(Color.GRAY, 120));
        plot.setDataset(1, new XYSeriesCollection(scans));
        plot.setRenderer(1, dots);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return png(chart, 380);
    }

    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
