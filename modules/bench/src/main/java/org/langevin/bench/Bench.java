package org.langevin.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.langevin.core.Arrays2;
import org.langevin.core.ComputeThreads;
import org.langevin.core.ConfigException;
import org.langevin.core.GaussianMixture;
import org.langevin.core.LikelihoodResult;
import org.langevin.core.RandomStreams;
import org.langevin.core.ScoreModel;
import org.langevin.core.TrainableScore;
import org.langevin.core.Workspaces;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.experiment.run.Provenance;
import org.langevin.training.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The four workloads of {@code bench/WORKLOADS.md}, run in-process after warm-up with the same shapes and
 * settings as the PyTorch reference, each built from an experiment configuration like any run. One difference stays:
 * Langevin's MLP takes the time through a Gaussian Fourier embedding (here its smallest, 2 features) where the
 * reference concatenates t itself, so its first layer has 4 inputs instead of 3.
 */
public final class Bench {
    public static final List<String> WORKLOADS = List.of("train_dsm", "score_eval", "vjp_eval", "likelihood_oracle", "train_unet_digits",
            "train_unet_28", "train_unet_clips");

    /** Memory and scale: sampling and likelihood of many ring points with the exact score, chunked as any run is. */
    public static final List<String> SCALE_WORKLOADS = List.of("sample_scale", "likelihood_scale");

    /** The network and training settings of WORKLOADS.md. */
    private static final List<String> NETWORK = List.of("data.type=gaussian", "data.mean=[0, 0]", "data.covariance=[[1, 0], [0, 1]]",
            "data.n_train=100000", "sde.type=vp", "sde.beta_min=0.1", "sde.beta_max=20.0", "score.type=mlp", "score.parameterization=noise",
            "score.width=128", "score.depth=3", "score.activation=silu", "score.embedding_dim=2", "score.dtype=float32",
            "loss.type=dsm", "loss.weighting=sigma2", "loss.t_sampling=uniform", "loss.eps=1e-5", "train.batch_size=512",
            "train.learning_rate=2e-4", "train.warmup_steps=0", "train.grad_clip=0", "train.ema_decay=0");

    private static final List<String> LIKELIHOOD = List.of("data.type=ring", "data.components=8", "data.radius=4.0", "data.std=0.5",
            "sde.type=vp", "sde.beta_min=0.1", "sde.beta_max=20.0", "score.type=oracle", "likelihood.type=dopri5",
            "likelihood.divergence=exact", "likelihood.rtol=1e-5", "likelihood.atol=1e-5", "likelihood.eps=1e-5", "likelihood.prior=sde",
            "likelihood.batch_size=1000");

    /** The ring with its exact score under the VP SDE, default sampler (Euler–Maruyama, 500 steps) and likelihood settings. */
    private static final List<String> SCALE = List.of("data.type=ring", "score.type=oracle", "likelihood.divergence=exact");

    private final int threads = ComputeThreads.current(); // the process's start: OMP_NUM_THREADS, which --threads sets
    private final boolean quick;
    private final int points;
    private final int steps;

    /** @param steps U-Net training steps to time (0: the workload's own count) */
    public Bench(boolean quick, int points, int steps) {
        this.quick = quick;
        this.points = points;
        this.steps = steps;
    }

    /** One workload's figures, as WORKLOADS.md names them. */
    public Map<String, Object> run(String workload) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workload", workload);
        out.put("impl", "langevin");
        out.put("threads", Provenance.threads());
        switch (workload) {
            case "train_dsm" -> out.put("steps_per_s", trainDsm());
            case "score_eval" -> {
                double evals = scoreEval();
                out.put("evals_per_s", evals);
                out.put("points_per_s", evals * 10_000);
            }
            case "vjp_eval" -> out.put("evals_per_s", vjpEval());
            case "likelihood_oracle" -> out.putAll(likelihoodOracle());
            case "sample_scale", "likelihood_scale" -> out.putAll(scale(workload));
            case "train_unet_digits", "train_unet_28", "train_unet_clips" -> out.putAll(UNetWorkloads.run(workload, quick, steps));
            default -> throw new ConfigException("--workload", "'" + workload + "' is unknown; choose from " + WORKLOADS);
        }
        return out;
    }

    /** A workload's parts at the thread count the bench was started with (--threads), not the experiment's auto (1 for points). */
    private ExperimentParts parts(List<String> sets) {
        List<String> all = new ArrayList<>(sets);
        all.add("threads=" + threads);
        return ExperimentParts.build(ExperimentConfig.load(null, all));
    }

    /** One DSM step on a batch of 512 from 100,000 stored N(0, I) points: steps per second. */
    private double trainDsm() {
        ExperimentParts parts = parts(NETWORK);
        TrainableScore net = parts.trainable().orElseThrow();
        INDArray data = parts.data().train();
        int warmup = 100;
        int steps = quick ? 300 : 2000;
        Trainer.Options base = parts.training().orElseThrow();
        new Trainer(parts.loss().orElseThrow(), withSteps(base, warmup)).train(net, data, parts.streams(), null, (step, loss, gradNorm, lr) -> { });
        long t0 = System.nanoTime();
        new Trainer(parts.loss().orElseThrow(), withSteps(base, steps)).train(net, data, parts.streams(), null, (step, loss, gradNorm, lr) -> { });
        return steps / ((System.nanoTime() - t0) / 1e9);
    }

    private static Trainer.Options withSteps(Trainer.Options o, int steps) {
        return new Trainer.Options(steps, o.batchSize(), o.learningRate(), o.warmupSteps(), o.lrSchedule(), o.gradClip(), o.emaDecay(), 0);
    }

    /** One forward pass of the network on 10,000 points: evaluations per second. */
    private double scoreEval() {
        ExperimentParts parts = parts(NETWORK);
        ScoreModel net = parts.trainable().orElseThrow();
        INDArray x = parts.streams().get("bench/x").normal(DataType.FLOAT, 10_000, 2);
        return perSecond(() -> net.score(x, 0.5), 10, quick ? 30 : 200);
    }

    /** Forward pass and one vector–Jacobian product with a Rademacher probe on 1,000 points, reduced to vᵀ(∂s/∂x)v. */
    private double vjpEval() {
        ExperimentParts parts = parts(NETWORK);
        ScoreModel net = parts.trainable().orElseThrow();
        INDArray x = parts.streams().get("bench/x").normal(DataType.FLOAT, 1_000, 2);
        INDArray probe = parts.streams().get("bench/probe").rademacher(DataType.FLOAT, 1_000, 2);
        return perSecond(() -> net.vjp(x, 0.5, probe).vjp().mul(probe).sum(1), 20, quick ? 100 : 1000);
    }

    /** Log-likelihood of 1,000 ring points with the exact score: seconds, NFE and mean absolute error against the exact density. */
    private Map<String, Object> likelihoodOracle() {
        ExperimentParts parts = parts(LIKELIHOOD);
        GaussianMixture ring = parts.data().truth().orElseThrow();
        int n = quick ? 200 : 1000;
        INDArray x = ring.sample(n, new RandomStreams(0).get("bench/points"));
        parts.likelihood().logDensity(parts.score(), x, parts.streams()); // warm-up: JIT and workspaces at the timed shapes
        long t0 = System.nanoTime();
        LikelihoodResult r = parts.likelihood().logDensity(parts.score(), x, parts.streams());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] exact = ring.logDensity(Arrays2.toMatrix(x));
        double err = 0;
        for (int i = 0; i < n; i++) err += Math.abs(r.logDensity()[i] - exact[i]) / n;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds", seconds);
        out.put("nfe", r.nfe());
        out.put("points", n);
        out.put("mean_abs_err_nats", err);
        return out;
    }

    /**
     * Wall time of drawing (sample_scale) or evaluating the log-likelihood of (likelihood_scale) {@code points} points,
     * chunked by sampler.batch_size and likelihood.batch_size, and the process's peak resident memory.
     */
    private Map<String, Object> scale(String workload) {
        ExperimentParts parts = parts(SCALE);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("points", points);
        long t0 = System.nanoTime();
        if (workload.equals("sample_scale")) {
            var r = parts.sampler().sample(parts.score(), points, parts.data().dim(), parts.streams());
            out.put("seconds", (System.nanoTime() - t0) / 1e9);
            if (!Arrays2.allFinite(r.samples())) throw new IllegalStateException("sample_scale drew non-finite samples");
            out.put("samples", r.samples().rows());
            out.put("nfe", r.nfe());
        } else {
            INDArray x = parts.data().truth().orElseThrow().sample(points, parts.streams().get("bench/points"));
            LikelihoodResult r = parts.likelihood().logDensity(parts.score(), x, parts.streams());
            out.put("seconds", (System.nanoTime() - t0) / 1e9);
            if (!Double.isFinite(r.meanNll())) throw new IllegalStateException("likelihood_scale gave a non-finite mean NLL");
            out.put("nfe", r.nfe());
            out.put("mean_nll_nats", r.meanNll());
        }
        out.put("heap_max_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        out.put("peak_rss_mb", peakRssMegabytes());
        return out;
    }

    /** VmRSS of /proc/self/status: the resident set of this process now. */
    static double currentRssMegabytes() {
        return statusMegabytes("VmRSS:");
    }

    /** VmHWM of /proc/self/status: the peak resident set of this process, heap and native memory together. */
    static double peakRssMegabytes() {
        return statusMegabytes("VmHWM:");
    }

    private static double statusMegabytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }

    /** Calls per second, each inside a reused ND4J workspace as the samplers and the likelihood evaluate scores. */
    private static double perSecond(Supplier<INDArray> work, int warmup, int iterations) {
        for (int i = 0; i < warmup; i++) once(work);
        long t0 = System.nanoTime();
        double sink = 0;
        for (int i = 0; i < iterations; i++) sink += once(work);
        if (Double.isNaN(sink)) throw new IllegalStateException("the benchmarked call returned NaN");
        return iterations / ((System.nanoTime() - t0) / 1e9);
    }

    private static double once(Supplier<INDArray> work) {
        try (var ws = Workspaces.loop("bench")) {
            return work.get().getDouble(0);
        }
    }
}
