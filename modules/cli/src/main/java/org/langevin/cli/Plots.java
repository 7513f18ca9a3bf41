package org.langevin.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG figures of a run: samples against held-out data, and the training loss curve. */
final class Plots {
    private Plots() {}

    /** Scatter of the first two coordinates of samples over held-out data. */
    static void scatter(Path file, String title, double[][] samples, double[][] data) throws IOException {
        XYChart chart = new XYChartBuilder().width(700).height(700).title(title).xAxisTitle("x0").yAxisTitle("x1").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        addSeries(chart, "held-out data", data).setMarker(SeriesMarkers.CIRCLE);
        addSeries(chart, "samples", samples).setMarker(SeriesMarkers.CIRCLE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Loss against step, on a log scale. */
    static void lossCurve(Path file, double[] steps, double[] losses) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("training loss").xAxisTitle("step").yAxisTitle("loss").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("loss", steps, losses).setMarker(SeriesMarkers.NONE);
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
