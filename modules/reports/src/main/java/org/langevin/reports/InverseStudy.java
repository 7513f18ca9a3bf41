package org.langevin.reports;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.run.ExperimentRunner;
import org.langevin.experiment.restore.RestoreRun;
import org.langevin.experiment.run.TrainedModel;

/**
 * {@code langevin report inverse}: every posterior sampler on every measurement, each restoration an MLflow run
 * (experiment {@code inverse}). On the 2-D ring and a 5-D mixture with their exact scores, at three noise levels and about
 * 100 and 1,000 score evaluations per sample, the energy distance to exact posterior draws beside the exact draws' own
 * floor, and twisted SMC's distance as its particles grow on both mixtures; on digits and clips, from models trained by their experiment files,
 * PSNR and SSIM (and for clips the motion error of the predicted frames) over seeds, with pictures. {@link InverseStudyReport}
 * writes it up.
 */
public final class InverseStudy {
    /** A measurement of one data set: its label, the experiment file of the prior, and the inverse keys. */
    record Problem(String label, String file, List<String> keys) {}

    /** A method at a budget of about {@code budget} score evaluations per sample, and the keys that spend it. */
    record Setting(String method, int budget, List<String> keys) {}

    /** A problem restored with a setting: the metrics of each seed's run, and the first run's id and pictures. */
    record Cell(Problem problem, Setting setting, List<Map<String, Double>> seeds, String runId, List<String> pictures) {}

    static final List<Problem> MIXTURES = List.of(
            new Problem("ring, x0 observed", "inverse/ring.yaml", List.of("inverse.operator=mask", "inverse.mask=[1, 0]")),
            new Problem("ring, x0 + x1/2 observed", "inverse/ring.yaml", List.of("inverse.operator=matrix", "inverse.matrix=[[1.0, 0.5]]")),
            new Problem("3-D, x0 and x2 observed", "inverse/gmm3.yaml", List.of("inverse.operator=mask", "inverse.mask=[1, 0, 1]")),
            new Problem("5-D, x0 and x1 observed", "inverse/gmm5.yaml", List.of("inverse.operator=mask", "inverse.mask=[1, 1, 0, 0, 0]")),
            new Problem("5-D, 2 × 5 matrix", "inverse/gmm5.yaml", List.of("inverse.operator=matrix",
                    "inverse.matrix=[[1.0, 0.5, -0.3, 0.2, 0.0], [0.0, 0.4, 1.0, -0.6, 0.3]]")));
    static final List<Problem> IMAGES = List.of(
            new Problem("digits, box inpainting", "digits-vp.yaml", List.of("inverse.operator=mask", "inverse.mask_shape=box", "inverse.noise=0.05")),
            new Problem("digits, 2× super-resolution", "digits-vp.yaml", List.of("inverse.operator=downsample", "inverse.factor=2",
                    "inverse.noise=0.05")),
            new Problem("clips, frames 3–5 predicted", "clips-vp.yaml", List.of("inverse.operator=frames", "inverse.frames=[0, 1, 2]",
                    "inverse.noise=0.05")),
            new Problem("clips, frames 1–4 interpolated", "clips-vp.yaml", List.of("inverse.operator=frames", "inverse.frames=[0, 5]",
                    "inverse.noise=0.05")));
    static final List<Integer> SMC_PARTICLES = List.of(1, 4, 16, 64, 256);
    /** Measurement noise levels: every mixture problem at the middle one, the two dense-matrix problems at all three. */
    static final List<Double> NOISES = List.of(0.1, 0.2, 0.5);

    /** The mixture problems with their noise levels. */
    static List<Problem> mixtureProblems() {
        List<Problem> out = new ArrayList<>();
        for (double noise : NOISES) {
            for (Problem p : MIXTURES) if (noise == 0.2 || dense(p)) out.add(withNoise(p, noise));
        }
        return out;
    }

    private static boolean dense(Problem p) {
        return p.keys().contains("inverse.operator=matrix");
    }

    /** The problem measured with noise σ_y (in its label and its keys). */
    private static Problem withNoise(Problem p, double noise) {
        List<String> keys = new ArrayList<>(p.keys());
        keys.add("inverse.noise=" + noise);
        return new Problem(p.label() + ", σ_y " + noise, p.file(), keys);
    }

    static final int IMAGE_BUDGET = 200;
    static final List<Long> SEEDS = List.of(1L, 2L, 3L);

    /** Each method at a budget: exact drives DDIM (η = 1); the others step the same grid with their own cost per step. */
    static List<Setting> settings(int budget, boolean withExact) {
        List<Setting> out = new ArrayList<>();
        if (withExact) out.add(new Setting("exact", budget, List.of("sampler.steps=" + budget)));
        out.add(new Setting("replacement", budget, List.of("sampler.steps=" + budget)));
        out.add(new Setting("repaint", budget, List.of("inverse.resample_steps=10", "sampler.steps=" + Math.max(1, budget / 10))));
        out.add(new Setting("dps", budget, List.of("sampler.steps=" + budget / 2)));
        out.add(new Setting("pigdm", budget, List.of("sampler.steps=" + budget / 2)));
        out.add(new Setting("ddrm", budget, List.of("sampler.steps=" + budget)));
        out.add(new Setting("smc", budget, List.of("inverse.particles=4", "sampler.steps=" + Math.max(1, budget / 8 - 1))));
        return out;
    }

    private final Path home;
    private final PrintStream log;
    private final Map<String, String> env;

    public InverseStudy(Path home, PrintStream log, Map<String, String> env) {
        this.home = home;
        this.log = log;
        this.env = env;
    }

    public void write(Path folder, String command) throws IOException {
        Files.createDirectories(folder.resolve("plots"));
        List<Cell> mixtures = new ArrayList<>();
        for (Problem p : mixtureProblems()) {
            for (int budget : List.of(100, 1000)) for (Setting s : settings(budget, true)) mixtures.add(restore(p, s, null, List.of(1L), folder));
        }
        List<Cell> smc = new ArrayList<>();
        for (Problem curve : MIXTURES.stream().filter(InverseStudy::dense).map(p -> withNoise(p, 0.2)).toList()) {
            for (int k : SMC_PARTICLES) {
                smc.add(restore(curve, new Setting("smc", 2 * 51 * k, List.of("inverse.particles=" + k, "sampler.steps=50")), null,
                        List.of(1L), folder));
            }
        }
        Map<String, String> models = new LinkedHashMap<>();
        List<Cell> images = new ArrayList<>();
        for (Problem p : IMAGES) {
            String model = models.computeIfAbsent(p.file(), this::train);
            for (Setting s : settings(IMAGE_BUDGET, false)) images.add(restore(p, s, model, SEEDS, folder));
        }
        new InverseStudyReport(home).write(folder, command, mixtures, smc, images, models);
    }

    /** The model of an image experiment file, trained in experiment {@code inverse} (or reused from an identical earlier training). */
    private String train(String file) {
        try {
            log.println("inverse: training " + file);
            ExperimentConfig config = ExperimentConfig.load(home.resolve("experiments").resolve(file), List.of("experiment=inverse",
                    "train.reuse=true"));
            return new ExperimentRunner(home, log).run(config, env).runId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Cell restore(Problem p, Setting s, String model, List<Long> seeds, Path folder) throws IOException {
        List<Map<String, Double>> metrics = new ArrayList<>();
        String first = null;
        List<String> pictures = List.of();
        for (long seed : seeds) {
            List<String> sets = new ArrayList<>(List.of("experiment=inverse", "seed=" + seed, "inverse.method=" + s.method()));
            sets.addAll(p.keys());
            sets.addAll(s.keys());
            log.println("inverse: " + p.label() + ", " + s.method() + " at " + s.budget() + " NFE, seed " + seed);
            TrainedModel trained = model == null ? TrainedModel.load(home.resolve("experiments").resolve(p.file()), null, sets, env)
                    : TrainedModel.load(null, model, sets, env);
            int n = trained.parts().settings().integer("inverse.observations", 1);
            RestoreRun.Outcome o = new RestoreRun(home, log).restore(trained, model, model == null ? n : 32, env);
            metrics.add(o.metrics());
            if (first == null) first = o.runId();
            if (pictures.isEmpty() && (model != null || s.budget() == 1000)) {
                String stem = (p.label() + "-" + s.method() + "-" + s.budget()).replaceAll("[^A-Za-z0-9-]+", "_");
                pictures = ReportPlots.download(trained.config(), first, "restore", folder.resolve("plots"), stem, home, env);
            }
        }
        return new Cell(p, s, metrics, first, pictures);
    }
}
