package org.langevin.reports;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.langevin.core.Arrays2;
import org.langevin.core.Descriptor;
import org.langevin.core.GaussianMixture;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.data.ToyDistributions;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.metrics.TwoSampleDistances;

/**
 * Sample quality against cost for the whole sampler catalogue: every sampler with the exact score of the 8-Gaussian
 * ring, under VP and VE, at NFE budgets 10, 20, 50, 100 and 1000; quality is the energy distance between its samples
 * and exact samples. Writes {@code report.md} and one PNG per SDE.
 */
public final class SamplerStudy {
    static final int[] BUDGETS = {10, 20, 50, 100, 1000};
    /** dopri5 is adaptive: its budget is set through the tolerance, and its actual NFE is reported. */
    static final double[] DOPRI_TOLERANCES = {1e-1, 3e-2, 1e-2, 1e-3, 1e-5};

    /** A sampler configuration: name shown, sampler.type, extra keys, score evaluations per step. */
    record Variant(String label, String type, List<String> extra, int nfePerStep) {}

    /** Every generative sampler of the registry at its defaults, then with each setting its descriptor names worth studying. */
    static final List<Variant> VARIANTS = variants();

    private static List<Variant> variants() {
        List<Variant> out = new ArrayList<>();
        for (var member : Catalogue.samplers().all().values()) {
            Descriptor d = member.descriptor();
            if (d.has(Descriptor.Need.EQUILIBRIUM)) continue;
            out.add(new Variant(d.name(), d.name(), List.of(), d.nfePerStep()));
            for (List<String> extra : d.variants()) {
                String shown = String.join(", ", extra.stream().map(e -> e.substring(e.indexOf('=') + 1)).toList());
                out.add(new Variant(d.name() + " (" + shown + ")", d.name(), extra, d.nfePerStep()));
            }
        }
        return List.copyOf(out);
    }

    public record Cell(String sde, String sampler, int budget, long nfe, double energyDistance, double seconds) {}

    private final int n;
    private final PrintStream log;

    public SamplerStudy(int n, PrintStream log) {
        this.n = n;
        this.log = log;
    }

    public List<Cell> run(String sde) {
        List<Cell> cells = new ArrayList<>();
        for (Variant v : VARIANTS) {
            for (int b = 0; b < BUDGETS.length; b++) {
                List<String> sets = new ArrayList<>(List.of("data.type=ring", "score.type=oracle", "sde.type=" + sde, "sampler.type=" + v.type(),
                        "sampler.batch_size=" + n));
                sets.addAll(v.extra());
                if (v.nfePerStep() == 0) {
                    sets.add("sampler.rtol=" + DOPRI_TOLERANCES[b]);
                    sets.add("sampler.atol=" + DOPRI_TOLERANCES[b]);
                } else {
                    sets.add("sampler.steps=" + Math.max(1, BUDGETS[b] / v.nfePerStep()));
                }
                cells.add(measure(sde, v.label(), BUDGETS[b], sets));
            }
        }
        return cells;
    }

    /** 1000-step Euler–Maruyama, the reference quality. */
    public Cell reference(String sde) {
        return measure(sde, "euler_maruyama", 1000, List.of("data.type=ring", "score.type=oracle", "sde.type=" + sde,
                "sampler.type=euler_maruyama", "sampler.steps=1000", "sampler.batch_size=" + n));
    }

    /**
     * The noise floor of the estimate at this n: the root mean square of the energy distance between pairs of
     * independent exact samples (5 pairs). Differences between cells smaller than about twice this are not resolved.
     */
    public double floor() {
        GaussianMixture ring = ring();
        double sum = 0;
        for (int r = 0; r < 5; r++) {
            double d = TwoSampleDistances.energyDistance(Arrays2.toMatrix(ring.sample(n, new RandomStreams(200 + r).get("exact"))),
                    Arrays2.toMatrix(ring.sample(n, new RandomStreams(300 + r).get("exact"))));
            sum += d * d;
        }
        return Math.sqrt(sum / 5);
    }

    private Cell measure(String sde, String label, int budget, List<String> sets) {
        ExperimentParts parts = ExperimentParts.build(ExperimentConfig.load(null, sets));
        long t0 = System.nanoTime();
        SampleResult r = parts.sampler().sample(parts.score(), n, 2, new RandomStreams(7));
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[][] exact = Arrays2.toMatrix(ring().sample(n, new RandomStreams(101).get("exact")));
        double[][] x = Arrays2.toMatrix(r.samples());
        double ed = Arrays2.allFinite(r.samples()) ? TwoSampleDistances.energyDistance(x, exact) : Double.NaN;
        log.printf(Locale.ROOT, "%s %-34s budget %4d  NFE %5d  energy distance %.5f%n", sde, label, budget, r.nfe(), ed);
        return new Cell(sde, label, budget, r.nfe(), ed, seconds);
    }

    private static GaussianMixture ring() {
        return ToyDistributions.ring(8, 4.0, 0.5);
    }

    /** Writes report.md and samplers_SDE.png into the folder. */
    public void write(Path folder, Map<String, List<Cell>> bySde, Map<String, Cell> references, double floor, String command) throws IOException {
        Files.createDirectories(folder);
        StringBuilder md = new StringBuilder();
        md.append("# Sampler quality against NFE (8-Gaussian ring, exact score)\n\n");
        md.append("Generated by `").append(command)
                .append("`. All figures come from one run on one machine; the seed is fixed, so re-running it gives the same numbers.\n\n");
        md.append(String.format(Locale.ROOT,
                "Quality is the energy distance between %d samples and %d exact samples of the ring (radius 4, std 0.5). "
                + "Lower is better. The noise floor of the estimate is %.5f: the RMS energy distance between independent exact samples of this size. "
                + "The budget is the NFE aimed at. `NFE` is the number of score evaluations actually spent along one trajectory. "
                + "For `ode_dopri5` the budget columns are the tolerances rtol = atol = %s.\n\n", n, n, floor, Arrays.toString(DOPRI_TOLERANCES)));
        for (Map.Entry<String, List<Cell>> e : bySde.entrySet()) {
            Cell ref = references.get(e.getKey());
            md.append("## ").append(e.getKey().toUpperCase(Locale.ROOT)).append(" SDE\n\n");
            md.append(String.format(Locale.ROOT, "Reference: 1000-step Euler–Maruyama, energy distance %.5f.%n%n", ref.energyDistance()));
            md.append("| sampler |");
            for (int b : BUDGETS) md.append(" ").append(b).append(" |");
            md.append("\n|---|");
            for (int ignored : BUDGETS) md.append("---|");
            md.append("\n");
            Map<String, List<Cell>> rows = new LinkedHashMap<>();
            for (Cell c : e.getValue()) rows.computeIfAbsent(c.sampler(), k -> new ArrayList<>()).add(c);
            for (Map.Entry<String, List<Cell>> row : rows.entrySet()) {
                md.append("| ").append(row.getKey()).append(" |");
                for (Cell c : row.getValue()) md.append(String.format(Locale.ROOT, " %.4f (NFE %d) |", c.energyDistance(), c.nfe()));
                md.append("\n");
            }
            Cell best20 = e.getValue().stream().filter(c -> c.budget() == 20 && c.nfe() <= 20 && Double.isFinite(c.energyDistance()))
                    .min(Comparator.comparingDouble(Cell::energyDistance)).orElseThrow();
            double gap = best20.energyDistance() - ref.energyDistance();
            boolean within = gap <= Math.max(0.1 * Math.abs(ref.energyDistance()), 2 * floor);
            md.append(String.format(Locale.ROOT, "%nBest within 20 NFE: **%s**, energy distance %.5f (NFE %d), against %.5f for 1000-step "
                    + "Euler–Maruyama. The gap is %.5f, %s the larger of 10 %% of the reference and twice the noise floor (%.5f). "
                    + "Deterministic samplers share the prior draw, so they all converge to the same value as NFE grows; "
                    + "their differences from each other are measured with common random numbers and resolve far below the floor.%n%n",
                    best20.sampler(), best20.energyDistance(), best20.nfe(), ref.energyDistance(), gap,
                    within ? "within" : "**not** within", Math.max(0.1 * Math.abs(ref.energyDistance()), 2 * floor)));
            md.append("![").append(e.getKey()).append("](samplers_").append(e.getKey()).append(".png)\n\n");
            md.append("In the figure, values below the noise floor are drawn at half the floor: they are not resolved.\n\n");
            plot(folder.resolve("samplers_" + e.getKey() + ".png"), e.getKey(), rows, ref, floor);
        }
        Files.writeString(folder.resolve("report.md"), md.toString());
        StringBuilder csv = new StringBuilder("sde,sampler,budget,nfe,energy_distance,seconds\n");
        bySde.values().forEach(cells -> cells.forEach(c -> csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.8f,%.4f%n",
                c.sde(), c.sampler(), c.budget(), c.nfe(), c.energyDistance(), c.seconds()))));
        Files.writeString(folder.resolve("cells.csv"), csv.toString());
    }

    private static void plot(Path file, String sde, Map<String, List<Cell>> rows, Cell ref, double floor) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(650).title("energy distance to exact samples vs NFE, " + sde.toUpperCase(Locale.ROOT))
                .xAxisTitle("NFE").yAxisTitle("energy distance").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        for (Map.Entry<String, List<Cell>> row : rows.entrySet()) {
            double[] x = row.getValue().stream().mapToDouble(c -> Math.max(1, c.nfe())).toArray();
            // values below the noise floor are not resolved: they are drawn at half the floor
            double[] y = row.getValue().stream().mapToDouble(c -> Math.max(floor / 2, Double.isFinite(c.energyDistance())
                    ? c.energyDistance() : 10)).toArray();
            chart.addSeries(row.getKey(), x, y);
        }
        chart.addSeries("EM 1000 steps", new double[] {10, 1000}, new double[] {Math.max(floor / 2, ref.energyDistance()),
                Math.max(floor / 2, ref.energyDistance())});
        chart.addSeries("noise floor (exact vs exact)", new double[] {10, 1000}, new double[] {floor, floor});
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
