package org.langevin.experiment.restore;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.langevin.core.Arrays2;
import org.langevin.core.GaussianMixture;
import org.langevin.core.LinearOperator;
import org.langevin.core.Measurement;
import org.langevin.core.MixturePosterior;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.langevin.core.SampleResult;
import org.langevin.core.ScoreModel;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.MetricNames;
import org.langevin.metrics.ClipMotion;
import org.langevin.metrics.FramePrediction;
import org.langevin.metrics.ImageQuality;
import org.langevin.metrics.PriorTail;
import org.langevin.metrics.TwoSampleDistances;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Restores measured test points and scores the result against the truth. On a Gaussian-mixture law: the energy
 * distance between each observation's posterior samples and as many exact posterior draws, averaged over observations,
 * beside the floor between two exact draws, and the share of the samples (and of exact draws) below the prior's 1 %
 * quantile of log density: samples a guidance step threw out of the prior's support. On images and clips: PSNR and SSIM of each restoration
 * (and for clips the centroid error of the predicted frames), beside the PSNR of the back-projected measurement.
 *
 * @param truth the test points measured
 * @param measured the measurements mapped back to data space (A⁺ y when A Aᵀ = c I, else Aᵀ y), for pictures
 * @param restored one restoration per test point (for a mixture: the first posterior sample)
 * @param posterior for a mixture, the first observation's posterior samples and exact draws; else empty
 */
public record Restoration(Map<String, Double> metrics, double[][] truth, double[][] measured, double[][] restored, double[][][] posterior) {

    /** True when every metric and every restored or posterior value is a finite number. */
    boolean finite() {
        if (!metrics.values().stream().allMatch(Double::isFinite)) return false;
        if (restored != null && !Arrays.stream(restored).flatMapToDouble(Arrays::stream).allMatch(Double::isFinite)) return false;
        return posterior == null || Arrays.stream(posterior).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream)
                .allMatch(Double::isFinite);
    }

    /** The prior quantile of the support check: the exact posterior puts this share of its draws below it. */
    public static final double PRIOR_TAIL_Q = 0.01;

    public static Restoration run(ExperimentParts parts, ScoreModel score, int observations) {
        ExperimentParts.InverseProblem problem = parts.inverse().orElseThrow();
        RandomStreams streams = parts.streams();
        INDArray truth = parts.data().test().get(NDArrayIndex.interval(0, Math.min(observations, parts.data().test().rows())),
                NDArrayIndex.all()).castTo(DataType.DOUBLE);
        LinearOperator a = problem.operator();
        INDArray y = a.apply(truth).addi(streams.get("inverse/measurement").normal(DataType.DOUBLE, truth.rows(), a.outputDim())
                .muli(problem.noise()));
        INDArray back = a.adjoint(y);
        if (!Double.isNaN(a.gramScale())) back.divi(a.gramScale());
        Map<String, Double> metrics = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Restoration r = parts.data().truth().isPresent()
                ? mixture(parts, score, parts.data().truth().get(), truth, y, back, metrics)
                : images(parts, score, truth, y, back, metrics);
        metrics.put(MetricNames.RESTORE_SECONDS, (System.nanoTime() - t0) / 1e9);
        return r;
    }

    private static Restoration mixture(ExperimentParts parts, ScoreModel score, GaussianMixture prior, INDArray truth, INDArray y, INDArray back,
                                       Map<String, Double> metrics) {
        ExperimentParts.InverseProblem problem = parts.inverse().orElseThrow();
        int samples = parts.settings().integer("inverse.samples", 2);
        double[][] matrix = problem.operator().matrix();
        double[] distances = new double[(int) truth.rows()];
        double[] floors = new double[distances.length];
        double[][] restored = new double[distances.length][];
        double[][][] first = null;
        long nfe = 0;
        PriorTail tail = new PriorTail(prior, PRIOR_TAIL_Q, 20_000, parts.streams().get("inverse/prior_tail"));
        double tailShare = 0, tailShareExact = 0;
        for (int i = 0; i < distances.length; i++) {
            Measurement m = new Measurement(problem.operator(), y.getRow(i, true).dup(), problem.noise());
            SampleResult r = problem.method().sample(score, m, samples, parts.streams());
            GaussianMixture posterior = MixturePosterior.of(prior, matrix, m.observation(0), problem.noise());
            double[][] drawn = Arrays2.toMatrix(r.samples());
            double[][] exact = Arrays2.toMatrix(posterior.sample(samples, parts.streams().get("inverse/exact")));
            double[][] again = Arrays2.toMatrix(posterior.sample(samples, parts.streams().get("inverse/floor")));
            distances[i] = TwoSampleDistances.energyDistance(drawn, exact);
            floors[i] = TwoSampleDistances.energyDistance(again, exact);
            tailShare += tail.share(drawn) / distances.length;
            tailShareExact += tail.share(exact) / distances.length;
            restored[i] = drawn[0];
            if (i == 0) first = new double[][][] {drawn, exact};
            nfe = Math.max(nfe, r.nfe());
        }
        put(metrics, MetricNames.POSTERIOR_ENERGY, MetricNames.POSTERIOR_ENERGY_STDERR, distances);
        metrics.put(MetricNames.POSTERIOR_ENERGY_FLOOR, Arrays2.mean(floors));
        metrics.put(MetricNames.PRIOR_TAIL, tailShare);
        metrics.put(MetricNames.PRIOR_TAIL_EXACT, tailShareExact);
        metrics.put(MetricNames.RESTORE_NFE, (double) nfe);
        return new Restoration(metrics, Arrays2.toMatrix(truth), Arrays2.toMatrix(back), restored, first);
    }

    private static Restoration images(ExperimentParts parts, ScoreModel score, INDArray truth, INDArray y, INDArray back, Map<String,
            Double> metrics) {
        ExperimentParts.InverseProblem problem = parts.inverse().orElseThrow();
        PixelGrid grid = parts.data().grid().orElseThrow();
        SampleResult r = problem.method().sample(score, new Measurement(problem.operator(), y, problem.noise()), (int) truth.rows(), parts.streams());
        double[][] restored = Arrays2.toMatrix(r.samples());
        double[][] truthRows = Arrays2.toMatrix(truth);
        double[][] backRows = Arrays2.toMatrix(back);
        int n = truthRows.length;
        put(metrics, MetricNames.PSNR, MetricNames.PSNR_STDERR, IntStream.range(0, n).mapToDouble(i -> ImageQuality.psnr(restored[i],
                truthRows[i], grid)).toArray());
        put(metrics, MetricNames.SSIM, MetricNames.SSIM_STDERR, IntStream.range(0, n).mapToDouble(i -> ImageQuality.ssim(restored[i],
                truthRows[i], grid)).toArray());
        metrics.put(MetricNames.MEASUREMENT_PSNR, IntStream.range(0, n).mapToDouble(i -> ImageQuality.psnr(backRows[i], truthRows[i], grid))
                .average().orElseThrow());
        INDArray residual = problem.operator().apply(r.samples()).subi(y.castTo(DataType.DOUBLE));
        metrics.put(MetricNames.MEASUREMENT_RESIDUAL, Math.sqrt(residual.muli(residual).meanNumber().doubleValue()));
        int[] observed = observedFrames(parts, grid);
        int[] unobserved = IntStream.range(0, grid.frames()).filter(f -> Arrays.binarySearch(observed, f) < 0).toArray();
        // a restoration predicts the frames the operator does not observe whole, else (a box, a blur) every frame
        int[] predicted = unobserved.length > 0 ? unobserved : IntStream.range(0, grid.frames()).toArray();
        if (grid.frames() > 1) metrics.put(MetricNames.MOTION_ERROR, ClipMotion.centroidError(restored, truthRows, grid, predicted));
        if (grid.frames() > 1 && observed.length > 0 && unobserved.length > 0) {
            FramePrediction.Scores p = FramePrediction.of(restored, truthRows, grid, observed, unobserved);
            metrics.put(MetricNames.PREDICTED_PSNR, p.psnr());
            metrics.put(MetricNames.PREDICTED_SSIM, p.ssim());
            metrics.put(MetricNames.COPY_FRAME_PSNR, p.copyPsnr());
            metrics.put(MetricNames.COPY_FRAME_SSIM, p.copySsim());
        }
        metrics.put(MetricNames.RESTORE_NFE, (double) r.nfe());
        return new Restoration(metrics, truthRows, backRows, restored, null);
    }

    /** The frames the operator observes whole, ascending (a selection of coordinates covering every pixel of them; none for a blur or a box). */
    private static int[] observedFrames(ExperimentParts parts, PixelGrid grid) {
        int[] coordinates = parts.inverse().orElseThrow().operator().observedCoordinates().orElse(new int[0]);
        int[] perFrame = new int[grid.frames()];
        for (int c : coordinates) perFrame[c / grid.frameSize()]++;
        return IntStream.range(0, grid.frames()).filter(f -> perFrame[f] == grid.frameSize()).toArray();
    }

    /** The mean of per-observation values and its standard error (0 for one observation). */
    private static void put(Map<String, Double> metrics, String mean, String stderr, double[] values) {
        metrics.put(mean, Arrays2.mean(values));
        metrics.put(stderr, values.length > 1 ? Arrays2.stderr(values) : 0.0);
    }
}
