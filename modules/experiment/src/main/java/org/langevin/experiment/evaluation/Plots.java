package org.langevin.experiment.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.langevin.lineage.LineageExperiment;

/** PNG figures of a run: samples against held-out data, the training loss curve, loss curves, a lineage experiment's figure. */
public final class Plots {
    private Plots() {}

    /** Scatter of the first two coordinates of samples over held-out data. */
    public static void scatter(Path file, String title, double[][] samples, double[][] data) throws IOException {
        scatter(file, title, "held-out data", data, "samples", samples);
    }

    /** Scatter of the first two coordinates of two named point sets, the second drawn over the first. */
    public static void scatter(Path file, String title, String firstName, double[][] first, String secondName, double[][] second) throws IOException {
        XYChart chart = new XYChartBuilder().width(700).height(700).title(title).xAxisTitle("x0").yAxisTitle("x1").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        addSeries(chart, firstName, first).setMarker(SeriesMarkers.CIRCLE);
        addSeries(chart, secondName, second).setMarker(SeriesMarkers.CIRCLE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Loss against step (log scale when every value is positive). */
    public static void lossCurve(Path file, double[] steps, double[] losses) throws IOException {
        curves(file, "training loss", Map.of("loss", new double[][] {steps, losses}));
    }

    /** One line per named curve, {x[], y[]}, on a log y scale when every value is positive. */
    public static void curves(Path file, String title, Map<String, double[][]> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(1100).height(Math.max(600, 300 + 18 * curves.size())).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        chart.getStyler().setYAxisLogarithmic(curves.values().stream().allMatch(c -> Arrays.stream(c[1]).allMatch(v -> v > 0)));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendVisible(curves.size() > 1);
        curves.forEach((name, c) -> chart.addSeries(name, c[0], c[1]).setMarker(SeriesMarkers.NONE));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** A lineage experiment's figure: its series as lines or points. */
    public static void figure(Path file, LineageExperiment.Figure f) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(650).title(f.title()).xAxisTitle(f.xLabel()).yAxisTitle(f.yLabel()).build();
        chart.getStyler().setYAxisLogarithmic(f.logY());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        if (f.scatter()) {
            chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            chart.getStyler().setMarkerSize(3);
        }
        f.series().forEach((name, xy) -> chart.addSeries(name, xy[0], xy[1]).setMarker(f.scatter() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYSeries addSeries(XYChart chart, String name, double[][] points) {
        double[] xs = new double[points.length];
        double[] ys = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            xs[i] = points[i][0];
            ys[i] = points[i].length > 1 ? points[i][1] : 0.0;
        }
        return chart.addSeries(name, xs, ys);
    }
}
