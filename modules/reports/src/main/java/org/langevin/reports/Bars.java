package org.langevin.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** A report's bar chart: one bar per cell with the metric's mean and an error bar of one standard deviation. */
final class Bars {
    private Bars() {}

    /** One bar per cell with the metric's mean and an error bar of one standard deviation (cells without the metric left out). */
    static void bars(Path file, String metric, List<ExperimentReport.Cell> cells) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> sds = new ArrayList<>();
        for (ExperimentReport.Cell c : cells) {
            ExperimentReport.Stat s = c.stats().get(metric);
            if (s == null) continue;
            labels.add(c.label());
            means.add(s.mean());
            sds.add(Double.isNaN(s.sd()) ? 0.0 : s.sd());
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(800, 40 * labels.size() + 200))
                .height(700).title(metric + " (mean ± sd over seeds)").yAxisTitle(metric).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(75);
        chart.addSeries(metric, labels, means, sds);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
