package org.cohortseg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's figures of the models beyond the paper: how well centile charts are calibrated,
 * how an organ-age model predicts, and an effect before and after harmonisation.
 */
final class ModelCharts {
    private static final Color[] SERIES = {new Color(0x21, 0x61, 0x9C), new Color(0xD3, 0x54, 0x00),
        new Color(0x27, 0xAE, 0x60), new Color(0x8E, 0x44, 0xAD)};

    private ModelCharts() {
    }

    /**
     * Observed share of scans below each nominal centile, one line per chart model, with the
     * diagonal a perfectly calibrated chart would follow.
     *
     * @param observed per model: {nominal percent, observed percent} points
     */
    static byte[] calibration(String title, Map<String, double[][]> observed) {
        XYSeriesCollection lines = new XYSeriesCollection();
        XYSeries ideal = new XYSeries("ideal");
        ideal.add(0, 0);
        ideal.add(100, 100);
        lines.addSeries(ideal);
        observed.forEach((model, points) -> lines.addSeries(series(model, points)));
        JFreeChart chart = ChartFactory.createXYLineChart(title, "nominal centile (%)", "scans below it (%)", lines);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        r.setSeriesPaint(0, Color.GRAY);
        r.setSeriesStroke(0, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
        for (int k = 1; k < lines.getSeriesCount(); k++) {
            r.setSeriesPaint(k, SERIES[(k - 1) % SERIES.length]);
            r.setSeriesShapesVisible(k, true);
            r.setSeriesStroke(k, new BasicStroke(2f));
        }
        return Charts.png(chart, 380);
    }

    /** Predicted against chronological age, one series per group (e.g. a sex), with the identity line. */
    static byte[] predictedAge(String title, Map<String, double[][]> points) {
        XYSeriesCollection scans = new XYSeriesCollection();
        points.forEach((group, p) -> scans.addSeries(series(group, p)));
        JFreeChart chart = ChartFactory.createScatterPlot(title, "age (years)", "predicted age (years)", scans);
        XYPlot plot = chart.getXYPlot();
        for (int k = 0; k < scans.getSeriesCount(); k++) {
            plot.getRenderer().setSeriesPaint(k, Charts.withAlpha(SERIES[k % SERIES.length], 128));
        }
        XYSeries identity = new XYSeries("predicted = age");
        identity.add(0, 0);
        identity.add(110, 110);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, Color.GRAY);
        plot.setDataset(1, new XYSeriesCollection(identity));
        plot.setRenderer(1, line);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        return Charts.png(chart, 380);
    }

    /** Histograms of values per group (e.g. the corrected age gap of each organ system). */
    static byte[] histogram(String title, String axis, Map<String, double[]> values) {
        HistogramDataset d = new HistogramDataset();
        values.forEach((group, v) -> {
            if (v.length > 0) {
                d.addSeries(group, v, 30);
            }
        });
        JFreeChart chart = ChartFactory.createHistogram(title, axis, "scans", d);
        XYPlot plot = chart.getXYPlot();
        for (int k = 0; k < d.getSeriesCount(); k++) {
            plot.getRenderer().setSeriesPaint(k, Charts.withAlpha(SERIES[k % SERIES.length], 112));
        }
        return Charts.png(chart, 340);
    }

    /** Paired horizontal bars per item: a value before and after (e.g. a scanner effect before and after ComBat). */
    static byte[] beforeAfter(String title, String axis, List<String> items, Map<String, double[]> values) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (String item : items) {
            d.addValue(values.get(item)[0], "before", item);
            d.addValue(values.get(item)[1], "after", item);
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, axis, d, PlotOrientation.HORIZONTAL, true, false,
                false);
        BarRenderer bars = (BarRenderer) chart.getCategoryPlot().getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, Color.GRAY);
        bars.setSeriesPaint(1, SERIES[0]);
        return Charts.png(chart, 120 + 22 * items.size());
    }

    private static XYSeries series(String name, double[][] points) {
        XYSeries s = new XYSeries(name, false);
        for (double[] p : points) {
            s.add(p[0], p[1]);
        }
        return s;
    }
}
