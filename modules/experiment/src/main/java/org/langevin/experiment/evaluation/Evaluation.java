package org.langevin.experiment.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.langevin.core.Arrays2;
import org.langevin.core.DensityModel;
import org.langevin.core.GaussianMixture;
import org.langevin.core.LikelihoodResult;
import org.langevin.core.SampleResult;
import org.langevin.core.ScoreModel;
import org.langevin.data.CsvPoints;
import org.langevin.experiment.MetricNames;
import org.langevin.experiment.Metrics;
import org.langevin.experiment.RunFailedException;
import org.langevin.experiment.TempFolder;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.metrics.FisherDivergence;
import org.langevin.metrics.LogDensityFit;
import org.langevin.metrics.NonConservative;
import org.langevin.metrics.Straightness;
import org.langevin.metrics.TwoSampleDistances;
import org.langevin.tracking.TrackedRun;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The evaluation policy of a run: draw {@code sampler.n_samples} samples, compare them with held-out data (two-sample
 * distances, pictures), the Fisher divergence when the data law is known, and the test NLL through the probability-flow ODE.
 */
public record Evaluation(ExperimentConfig config, ExperimentParts parts, TrackedRun run, TempFolder work, PrintStream err) {

    public Map<String, Double> evaluate(ScoreModel model) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        INDArray testRows = ofLabel(parts.data().test(), true);
        double[][] test = Arrays2.toMatrix(testRows);
        double[][] samples = sample(model, test, metrics);
        Path csv = work.resolve("samples.csv");
        CsvPoints.write(csv, samples);
        run.logArtifact(csv, "samples/samples.csv");
        if (parts.data().grid().isPresent()) {
            double[][] train = Arrays2.toMatrix(parts.data().train());
            double nnTest = HeldOutNearest.median(parts.data(), testRows, test, train, err);
            metrics.putAll(Metrics.of(RunPictures.images(parts.data().grid().get(), samples, test, train, nnTest, run, work)));
            metrics.putAll(imageMetrics(samples));
        } else {
            Path png = work.resolve("samples.png");
            Plots.scatter(png, "samples vs held-out data", samples, test);
            run.logArtifact(png, "plots/samples.png");
            metrics.put(MetricNames.STRAIGHTNESS, Straightness.of(model, parts.sde(), Math.min(500, parts.plan().samples()), parts.data().dim(), 100,
                    parts.sde().minTime(), parts.streams().get("eval/straightness")));
            metrics.put(MetricNames.NON_CONSERVATIVE, NonConservative.of(model, parts.sde(), Arrays2.firstRows(parts.data().test(), 200), 5,
                    parts.streams().get("eval/nonconservative")));
        }
        parts.data().truth().ifPresent(truth -> {
            metrics.put(MetricNames.FISHER_DIVERGENCE, FisherDivergence.sigma2Weighted(model, truth, parts.sde(), parts.sde().minTime(), 50, 400,
                    parts.streams().get("eval/fisher")));
            if (model instanceof DensityModel energy && parts.trainable().isPresent()) metrics.putAll(logDensityFit(energy, truth));
        });
        if (parts.plan().likelihood()) metrics.putAll(Metrics.of(likelihood(model)));
        nfeSweep(model, test);
        return metrics;
    }

    /**
     * sampler.nfe_budgets: quality against cost for the deterministic samplers, logged as nfe_sweep/SAMPLER/energy_distance
     * and nfe_sweep/SAMPLER/mmd2 (images with a feature classifier: also nfe_sweep/SAMPLER/fid, with the FID floor at the
     * same n as nfe_sweep/fid_floor) with the NFE spent (at most the budget) as the step, so MLflow charts each as a curve over NFE.
     */
    private void nfeSweep(ScoreModel model, double[][] test) throws IOException {
        int[] budgets = parts.plan().nfeBudgets();
        if (budgets.length == 0) return;
        err.println("sampling at NFE budgets " + Arrays.toString(budgets) + " ...");
        FidScorer fid = FidScorer.applies(parts) ? FidScorer.of(parts, parts.plan().samples(), err) : null; // images: FID by NFE too
        for (NfeSweep.Point p : NfeSweep.of(config, parts, model, Catalogue.deterministicSamplers(), budgets, test, reference(test.length),
                fid == null ? null : fid::fid)) {
            run.logMetric(MetricNames.NFE_SWEEP + p.sampler() + "/energy_distance", p.energyDistance(), p.nfe());
            run.logMetric(MetricNames.NFE_SWEEP + p.sampler() + "/mmd2", p.mmd2(), p.nfe());
            if (fid != null) run.logMetric(MetricNames.NFE_SWEEP + p.sampler() + "/fid", p.fid(), p.nfe());
        }
        if (fid != null) {
            run.logMetric(MetricNames.NFE_SWEEP + "fid_floor", fid.floor(), 0);
        }
    }

    /**
     * FID, KID, precision/recall (and label accuracy) in the feature space of the data set's classifier (features.steps;
     * 0: none), which is logged as classifier/NAME.classifier with its test accuracy.
     */
    private Map<String, Double> imageMetrics(double[][] samples) throws IOException {
        int steps = parts.settings().integer("features.steps", 0);
        if (steps == 0 || parts.data().labels().isEmpty()) return Map.of();
        FeatureSpace.Cached cached = FeatureSpace.classifier(parts.data(), steps, err);
        run.logArtifact(cached.file(), "classifier/" + cached.file().getFileName());
        err.println("image metrics in the classifier's feature space ...");
        var grid = parts.data().grid().orElseThrow();
        Map<String, Double> metrics = new LinkedHashMap<>(ImageMetrics.of(cached.classifier(), grid, samples, ofLabel(parts.data().test(), true),
                ofLabel(parts.data().train(), false), parts.plan().label(), run, parts.streams().get("eval/features").integers(1,
                        Integer.MAX_VALUE)[0]));
        metrics.put(MetricNames.CLASSIFIER_TEST_ACCURACY, ImageMetrics.testAccuracy(cached.classifier(), parts.data().test(),
                parts.data().labels().get().test(), grid));
        return metrics;
    }

    /** −E(·, eps) of an energy model against the exact log p_eps on the likelihood's test points: rank, spacing, offset spread (all, within
     * components). */
    private Map<String, Double> logDensityFit(DensityModel energy, GaussianMixture truth) {
        INDArray points = Arrays2.firstRows(parts.data().test(), parts.plan().likelihoodPoints());
        double eps = parts.sde().minTime();
        int[] components = parts.data().labels().map(l -> Arrays.copyOf(l.test(), (int) points.rows())).orElse(new int[(int) points.rows()]);
        LogDensityFit fit = LogDensityFit.of(energy.logDensity(points, eps), truth.perturbed(parts.sde().marginal(eps))
                .logDensity(Arrays2.toMatrix(points)),
                components);
        return Map.of(MetricNames.LOG_DENSITY_PEARSON, fit.pearson(), MetricNames.LOG_DENSITY_SPEARMAN, fit.spearman(),
                MetricNames.LOG_DENSITY_OFFSET_STD, fit.offsetStd(), MetricNames.LOG_DENSITY_OFFSET_STD_WITHIN, fit.offsetStdWithin());
    }

    /** The samples, and their quality against the test split (the train split's first rows give the data's own floor). */
    private double[][] sample(ScoreModel model, double[][] test, Map<String, Double> metrics) {
        int n = parts.plan().samples();
        err.println("sampling " + n + " points ...");
        long t0 = System.nanoTime();
        SampleResult samples = Progress.sampling(err, parts, parts.sampling(model), n,
                m -> parts.sampler().sample(m, n, parts.data().dim(), parts.streams()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!Arrays2.allFinite(samples.samples())) {
            run.setTags(Map.of("failed_stage", "sampling"));
            throw new RunFailedException("sampling produced NaN or infinity (sampler.type " + parts.settings().string("sampler.type") + ")"
                    + (parts.trainable().isPresent() ? "; the trained weights are in checkpoint/final.ckpt" : ""), run.runId(), "FAILED");
        }
        double[][] x = Arrays2.toMatrix(samples.samples());
        double[][] reference = reference(test.length);
        double bandwidth = TwoSampleDistances.medianBandwidth(reference, test);
        metrics.putAll(Metrics.of(new Metrics.SampleQuality(seconds, samples.nfe(), TwoSampleDistances.mmdSquared(x, test, bandwidth),
                TwoSampleDistances.energyDistance(x, test), TwoSampleDistances.mmdSquared(reference, test, bandwidth),
                TwoSampleDistances.energyDistance(reference, test))));
        return x;
    }

    /** The first n training rows of the compared class: two draws of the data give the floor (and the MMD bandwidth). */
    private double[][] reference(int n) {
        INDArray train = ofLabel(parts.data().train(), false);
        return Arrays2.toMatrix(Arrays2.firstRows(train, n));
    }

    /** The test or train rows samples are compared with: with sampler.label, those of that class (draws of the conditional law). */
    private INDArray ofLabel(INDArray rows, boolean test) {
        int label = parts.plan().label();
        if (label < 0 || parts.data().labels().isEmpty()) return rows;
        int[] labels = test ? parts.data().labels().get().test() : parts.data().labels().get().train();
        return Arrays2.rows(rows, IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray());
    }

    /** The test NLL of the first likelihood.n_points test points; with a known data law, the exact NLL, the gap and H[p]. */
    private Metrics.Likelihood likelihood(ScoreModel model) {
        INDArray evalPoints = Arrays2.firstRows(parts.data().test(), parts.plan().likelihoodPoints());
        int points = (int) evalPoints.rows();
        err.println("test NLL on " + points + " points through the probability-flow ODE ...");
        long t0 = System.nanoTime();
        LikelihoodResult nll = Progress.likelihood(err, parts, model, points, m -> parts.likelihood().logDensity(m, evalPoints, parts.streams()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Metrics.Exact exact = parts.data().truth().map(truth -> exact(truth, evalPoints, nll)).orElse(null);
        return new Metrics.Likelihood(seconds, nll, parts.data().dim(), exact);
    }

    private Metrics.Exact exact(GaussianMixture truth, INDArray points, LikelihoodResult nll) {
        double[] exact = truth.logDensity(Arrays2.toMatrix(points));
        // paired per point: mean of log p(x) - log p_θ(x) estimates KL(p ‖ p_θ) = E[NLL_θ] - H[p], with a small error bar
        double[] gap = new double[exact.length];
        for (int i = 0; i < gap.length; i++) gap[i] = exact[i] - nll.logDensity()[i];
        // the entropy H[p] = -E_p log p of the data law, by Monte Carlo on 100,000 fresh draws: the NLL a perfect model reaches
        INDArray draws = truth.sample(100_000, parts.streams().get("eval/entropy"));
        return new Metrics.Exact(-Arrays2.mean(exact), Arrays2.mean(gap), Arrays2.stderr(gap),
                -Arrays2.mean(truth.logDensity(Arrays2.toMatrix(draws))));
    }
}
