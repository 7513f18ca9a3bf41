package org.langevin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.experiment.TestServer;

/**
 * Bad input of every kind: one line on stderr naming the key and what is allowed, exit code 2, no stack trace.
 * Validation happens before any tracking server is contacted, so none of these creates a run.
 */
class ConfigValidationTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> cases() throws Exception {
        Path quick = Path.of(Cli.experiment("quickstart.yaml"));
        Path digits = Path.of(Cli.experiment("digits-vp.yaml"));
        Path typo = write("typo.yaml", "sde:\n  type: vp\n  beta_mni: 0.1\n");
        Path malformed = write("malformed.yaml", "data:\n  type: ring\n   n_train: [1, 2\n");
        Path duplicate = write("duplicate.yaml", "seed: 1\nseed: 2\n");
        Path scalar = write("scalar.yaml", "just text\n");
        Path section = write("section.yaml", "data: 5\n");
        Path gmm = write("gmm.yaml", "data:\n  type: gmm\n  means: [[0, 0], [1, 1]]\n  covariances: [[[1, 0], [0, 1]]]\n");
        Path notPd = write("notpd.yaml", "data:\n  type: gmm\n  means: [[0, 0]]\n  covariances: [[[1, 2], [2, 1]]]\n");
        Path badCsv = write("bad.csv", "x0,x1\n1,abc\n");
        Path ragged = write("ragged.csv", "x0,x1\n1,2\n3\n");
        Path wide = write("wide.csv", wideCsv(20_000, 12));
        Path bom = write("bom.yaml", "\uFEFFtrain:\n  stepz: 5\n");
        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28});
        Path ring = Path.of(Cli.experiment("oracle_ring.yaml"));
        Path twoValues = write("y2.csv", "y0,y1\n0.5,0.1\n");
        Path twoRows = write("rows2.csv", "y0\n0.5\n0.1\n");
        Path point = write("x2.csv", "x0,x1\n0.5,0.1\n");
        Path badIdx = Files.createDirectories(dir.resolve("bad-idx"));
        Files.write(badIdx.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 5}); // a labels header
        Files.write(badIdx.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        Path emptyIdx = Files.createDirectories(dir.resolve("empty-idx")); // four valid IDX files of 0 images
        for (String split : List.of("train", "t10k")) {
            Files.write(emptyIdx.resolve(split + "-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28});
            Files.write(emptyIdx.resolve(split + "-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        }
        String out = dir.resolve("posterior.csv").toString();
        return Stream.of(
                // inverse problems: operators that do not fit the data, exact without the mixture, observations of the wrong shape
                Arguments.of("exact without an oracle", args(quick, "inverse.operator=mask", "inverse.mask=[1, 0]"),
                        List.of("inverse.method", "'exact'", "oracle")),
                Arguments.of("a mask of the wrong length", args(quick, "inverse.operator=mask", "inverse.mask=[1, 0, 1]", "inverse.method=dps"),
                        List.of("inverse.mask", "3 flags", "dimension 2")),
                Arguments.of("a mask of other values", args(quick, "inverse.operator=mask", "inverse.mask=[1, 2]", "inverse.method=dps"),
                        List.of("inverse.mask", "0 (hidden) or 1")),
                Arguments.of("a mask shape on points", args(quick, "inverse.operator=mask", "inverse.method=dps"), List.of("inverse.mask",
                        "0/1 flag per coordinate")),
                Arguments.of("blur on points", args(quick, "inverse.operator=blur", "inverse.method=dps"), List.of("inverse.operator",
                        "images or clips")),
                Arguments.of("frames of single images", args(digits, "inverse.operator=frames", "inverse.method=dps"),
                        List.of("inverse.operator", "clips")),
                Arguments.of("a pooling factor that does not divide", args(digits, "inverse.operator=downsample", "inverse.factor=3",
                        "inverse.method=pigdm"),
                        List.of("inverse.factor", "does not divide the 8x8")),
                Arguments.of("a matrix of the wrong width", args(quick, "inverse.operator=matrix", "inverse.matrix=[[1, 2, 3]]",
                        "inverse.method=dps"),
                        List.of("inverse.matrix", "length 3", "dimension 2")),
                Arguments.of("unknown inverse method", args(quick, "inverse.method=ddpm"), List.of("inverse.method", "pigdm", "smc",
                        "repaint", "ddrm")),
                Arguments.of("negative measurement noise", args(quick, "inverse.noise=-0.1"), List.of("inverse.noise", "a finite number ≥ 0.0")),
                Arguments.of("no particles", args(quick, "inverse.operator=mask", "inverse.mask=[1, 0]", "inverse.method=smc",
                        "inverse.particles=0"), List.of("inverse.particles", "at least 1")),
                Arguments.of("a DPS step of zero", args(quick, "inverse.operator=mask", "inverse.mask=[1, 0]", "inverse.method=dps",
                        "inverse.step_size=0"), List.of("inverse.step_size", "positive")),
                Arguments.of("a negative DPS move cap", args(quick, "inverse.operator=mask", "inverse.mask=[1, 0]", "inverse.method=dps",
                        "inverse.dps_max_move=-1"), List.of("inverse.dps_max_move", "positive")),
                Arguments.of("DDRM on dependent rows", args(quick, "inverse.operator=matrix", "inverse.matrix=[[1, 0], [2, 0]]",
                        "inverse.noise=0.1", "inverse.method=ddrm"),
                        List.of("inverse.method", "ddrm", "not independent")),
                // settings that would be ignored, and numbers that are not finite
                Arguments.of("FID during training on points", args(quick, "train.eval_every=100"), List.of("train.eval_every", "labelled images")),
                Arguments.of("a negative FID interval", args(digits, "train.eval_every=-5"), List.of("train.eval_every")),
                Arguments.of("power EMA without profiles", args(quick, "train.ema=power", "train.ema_std=[]"), List.of("train.ema_std",
                        "at least one")),
                Arguments.of("a power EMA width out of range", args(quick, "train.ema=power", "train.ema_std=[0.05, 0.5]"),
                        List.of("train.ema_std", "(0, 0.2887]", "0.5")),
                Arguments.of("an unknown EMA", args(quick, "train.ema=karras"), List.of("train.ema", "exponential", "power")),
                Arguments.of("no threads", args(quick, "threads=0"), List.of("threads", "auto", "≥ 1", "'0'")),
                Arguments.of("a thread count that is not a number", args(digits, "threads=two"), List.of("threads", "auto", "'two'")),
                Arguments.of("a sampling chunk of no rows", args(quick, "sampler.batch_size=0"), List.of("sampler.batch_size", "at least 1")),
                Arguments.of("a log-normal spread of zero", args(quick, "loss.t_sampling=lognormal", "loss.p_std=0"), List.of("loss.p_std",
                        "positive")),
                Arguments.of("an unknown level law", args(quick, "loss.t_sampling=beta"), List.of("loss.t_sampling",
                        "[importance, lognormal, stratified, uniform]")),
                Arguments.of("a min-SNR gamma below zero", args(quick, "loss.weighting=min_snr", "loss.snr_gamma=-1"), List.of("loss.snr_gamma")),
                Arguments.of("guidance without a label", args(quick, "sampler.guidance_scale=2"), List.of("sampler.guidance_scale", "sampler.label")),
                Arguments.of("an infinite guidance scale", args(ring, "sampler.label=1", "sampler.guidance_scale=.inf"),
                        List.of("sampler.guidance_scale", "finite", "Infinity")),
                Arguments.of("registering an oracle", args(ring, "tracking.register_model=m"), List.of("tracking.register_model",
                        "trains none", "oracle")),
                Arguments.of("a sweep override of a grid key", new String[] {"sweep", Cli.home().resolve("experiments/ablations/tour.yaml")
                        .toString(),
                        "--set", "sde.type=ve"}, List.of("--set", "'sde.type' is a grid key")),
                Arguments.of("restore without a measurement", new String[] {"restore", "--config", ring.toString(), "--set", NO_RUN},
                        List.of("inverse.operator", "none")),
                Arguments.of("an observation of the wrong width", new String[] {"sample", "--config", ring.toString(), "--set", NO_RUN,
                        "--set", "inverse.operator=mask",
                        "--set", "inverse.mask=[1, 0]", "--observation", twoValues.toString(), "--n", "5", "--output", out},
                                List.of("--observation", "2 values", "measures 1")),
                Arguments.of("an observation of two rows", new String[] {"sample", "--config", ring.toString(), "--set", NO_RUN, "--set",
                        "inverse.operator=mask",
                        "--set", "inverse.mask=[1, 0]", "--observation", twoRows.toString(), "--n", "5", "--output", out},
                                List.of("--observation", "2 rows", "one observation")),
                Arguments.of("an observation without a measurement", new String[] {"sample", "--config", ring.toString(), "--set", NO_RUN,
                        "--observation", twoRows.toString(), "--n", "5", "--output", out}, List.of("inverse.operator", "none")),
                Arguments.of("dependent rows without noise", new String[] {"run", ring.toString(), "--set", NO_RUN, "--set",
                        "inverse.operator=matrix",
                        "--set", "inverse.matrix=[[1, 0.5], [2, 1]]"}, List.of("inverse.operator", "singular", "independent")),
                Arguments.of("a blur wider than the image", args(digits, "inverse.operator=blur", "inverse.blur_sigma=100", "inverse.method=dps"),
                        List.of("inverse.blur_sigma", "wider than the 8x8")),
                // the flow view: interpolant end times and couplings
                Arguments.of("an interpolant that reaches t = 1", args(quick, "sde.type=rectified_flow", "sde.horizon=1"),
                        List.of("sde.horizon", "0.5", "1.0")),
                Arguments.of("ot coupling with another loss", args(quick, "loss.coupling=ot"), List.of("loss.coupling", "flow_matching", "'dsm'")),
                Arguments.of("a reverse-SDE sampler for an OT-coupled flow", args(quick, "sde.type=rectified_flow", "score.parameterization=flow",
                        "loss.type=flow_matching", "loss.coupling=ot"), List.of("sampler.type", "'euler_maruyama'", "OT-coupled", "ode_heun")),
                Arguments.of("stochastic DDIM for an OT-coupled flow", args(quick, "sde.type=rectified_flow", "loss.type=flow_matching",
                        "loss.coupling=ot",
                        "sampler.type=ddim", "sampler.eta=1"), List.of("sampler.type", "'ddim'", "sampler.eta and sampler.s_churn 0")),
                Arguments.of("unknown coupling", args(quick, "loss.type=flow_matching", "loss.coupling=sinkhorn"), List.of("loss.coupling",
                        "independent", "ot")),
                // IDX image sets: the folder, the files, their format
                Arguments.of("idx without a folder", args(digits, "data.type=idx"), List.of("data.path", "'idx' needs the folder",
                        "t10k-images-idx3-ubyte.gz")),
                Arguments.of("fashion_mnist where it is not", args(digits, "data.type=fashion_mnist", "data.path=" + dir.resolve("nowhere")),
                        List.of("data.path", "no folder", "apt-get install dataset-fashion-mnist")),
                Arguments.of("a malformed IDX file", args(digits, "data.type=idx", "data.path=" + badIdx), List.of("data.path",
                        "train-images-idx3-ubyte",
                        "magic 0x00000801, expected 0x00000803")),
                // the energy view: losses, networks and samplers that cannot use it
                Arguments.of("energy with exact score matching", args(quick, "score.parameterization=energy", "loss.type=esm"),
                        List.of("loss.type", "'esm'", "vector parameterization", "dsm")),
                Arguments.of("energy with the U-Net", args(digits, "score.parameterization=energy"), List.of("score.parameterization",
                        "'energy'", "mlp")),
                Arguments.of("a class-conditional energy", args(quick, "score.parameterization=energy", "score.conditional=true"),
                        List.of("score.conditional", "energy")),
                Arguments.of("a Metropolis corrector without a log density", args(quick, "sampler.type=pc", "sampler.corrector=mala"),
                        List.of("sampler.corrector", "'mala'", "energy", "langevin")),
                Arguments.of("mala without a log density", args(quick, "sampler.type=mala"), List.of("sampler.type", "'mala'", "energy")),
                Arguments.of("the exact posterior with an energy model", args(quick, "score.parameterization=energy",
                        "inverse.operator=mask", "inverse.mask=[1, 0]"),
                        List.of("inverse.method", "'exact'", "oracle")),
                Arguments.of("guidance with the Metropolis corrector", new String[] {"run", ring.toString(), "--set", NO_RUN, "--set",
                        "sampler.type=pc",
                        "--set", "sampler.corrector=mala", "--set", "sampler.label=1", "--set", "sampler.guidance_scale=1"},
                        List.of("sampler.guidance_scale", "corrector mala")),
                Arguments.of("unknown corrector", args(quick, "sampler.type=pc", "sampler.corrector=hmc"), List.of("sampler.corrector",
                        "langevin", "mala")),
                Arguments.of("energy at a time past the horizon", new String[] {"energy", "--config", ring.toString(), "--set", NO_RUN, "--input",
                        point.toString(), "--output", out, "--t", "2"}, List.of("--t", "must lie in")),
                Arguments.of("a fractional NFE budget", args(quick, "sampler.nfe_budgets=[5, 7.5]"), List.of("sampler.nfe_budgets", "whole numbers")),
                // class-conditional training and sampling
                Arguments.of("guidance for a Metropolis sampler", new String[] {"run", ring.toString(), "--set", NO_RUN, "--set", "sampler.type=mala",
                        "--set", "sampler.label=1", "--set", "sampler.guidance_scale=1"}, List.of("sampler.guidance_scale", "log density")),
                Arguments.of("guidance without label dropout", args(quick, "score.conditional=true", "train.label_dropout=0", "sampler.label=1",
                        "sampler.guidance_scale=2"), List.of("sampler.guidance_scale", "train.label_dropout")),
                Arguments.of("a label without a conditional score", args(quick, "sampler.label=1"), List.of("sampler.label", "class-conditional")),
                Arguments.of("a label out of range", new String[] {"run", ring.toString(), "--set", NO_RUN, "--set", "sampler.label=8"},
                        List.of("sampler.label", "0 to 7")),
                Arguments.of("conditional on unlabelled data", args(quick, "data.type=moons", "score.conditional=true"),
                        List.of("score.conditional", "labelled data", "digits", "gmm")),
                Arguments.of("conditional with a loss other than dsm", args(quick, "score.conditional=true", "loss.type=ssm"),
                        List.of("score.conditional", "dsm")),
                Arguments.of("label dropout above 1", args(quick, "train.label_dropout=1.5"), List.of("train.label_dropout", "[0.0, 1.0]")),
                // resource limits, before any work (issue: trust, items 3 and 7)
                Arguments.of("a batch that cannot fit", args(quick, "train.batch_size=1000000000"), List.of("train.batch_size",
                        "needs at least", "memory")),
                Arguments.of("samples that cannot fit", args(quick, "sampler.n_samples=2000000000"), List.of("sampler.n_samples", "needs at least")),
                Arguments.of("a sample command that cannot fit", new String[] {"sample", "--config", Cli.experiment("oracle_ring.yaml"),
                        "--n", "2000000000",
                        "--output", dir.resolve("big.csv").toString()}, List.of("--n", "needs at least")),
                Arguments.of("a D x D prior that cannot fit", args(quick, "data.type=csv", "data.path=" + wide, "score.type=mlp"),
                        List.of("likelihood.prior", "20000 × 20000", "likelihood.enabled: false")),
                // messages that named the wrong thing (item 9)
                Arguments.of("a negative gmm weight", args(quick, "data.type=gmm", "data.weights=[1.0, -1.0]", "data.means=[[0, 0], [1, 1]]",
                        "data.covariances=[[[1, 0], [0, 1]], [[1, 0], [0, 1]]]"), List.of("data.weights", "positive")),
                Arguments.of("gmm means of two dimensions", args(quick, "data.type=gmm", "data.means=[[0, 0], [1, 1, 1]]",
                        "data.covariances=[[[1, 0], [0, 1]], [[1, 0], [0, 1]]]"), List.of("data.means", "dimension")),
                Arguments.of("an integer too large", args(quick, "train.steps=1000000000000"), List.of("train.steps", "at most 2147483647")),
                Arguments.of("a byte-order mark", args(bom), List.of("error: train.stepz", "did you mean 'train.steps'")),
                Arguments.of("a malformed tracking uri", args(quick, "tracking.uri=not a url"), List.of("tracking.uri", "http(s) URL")),
                Arguments.of("--set without a value", new String[] {"run", quick.toString(), "--set"}, List.of("--set", "--help")),
                Arguments.of("a count that is not an int", new String[] {"sample", "--config", quick.toString(), "--n", "10000000000", "--output",
                        dir.resolve("s.csv").toString()}, List.of("--n", "--help")),
                Arguments.of("a parallelism that is not a number", new String[] {"sweep", "x.yaml", "--parallel", "two"},
                        List.of("--parallel", "--help")),
                Arguments.of("an unknown mlflow verb", new String[] {"mlflow", "frobnicate"}, List.of("frobnicate", "--help")),
                Arguments.of("unknown key with a suggestion", args(typo), List.of("sde.beta_mni", "did you mean 'sde.beta_min'")),
                Arguments.of("unknown key via --set", args(quick, "train.stepz=5"), List.of("train.stepz", "did you mean 'train.steps'")),
                Arguments.of("unknown family name", args(quick, "sde.type=vpp"), List.of("sde.type", "'vpp' is unknown")),
                Arguments.of("unknown sampler", args(quick, "sampler.type=heun"), List.of("sampler.type", "ode_heun", "dpmpp_2m", "edm_heun")),
                Arguments.of("unknown sde", args(quick, "sde.type=vpp"), List.of("sde.type",
                        "[brownian, edm, ou, rectified_flow, subvp, trig, ve, vp]")),
                Arguments.of("unknown likelihood solver", args(quick, "likelihood.type=euler"), List.of("likelihood.type", "dopri5", "heun", "rk4")),
                Arguments.of("renamed key", args(quick, "likelihood.solver=heun"), List.of("likelihood.solver", "renamed", "likelihood.type")),
                Arguments.of("unknown lineage experiment", args(quick, "lineage.type=maxwell"), List.of("lineage.type", "boltzmann", "einstein")),
                Arguments.of("lineage key checked before the run", args(quick, "lineage.type=boltzmann", "lineage.temperatures=[1.0]"),
                        List.of("lineage.temperatures", "two temperatures")),
                Arguments.of("lineage data checked before the run", args(quick, "lineage.type=h_theorem", "data.type=moons"),
                        List.of("lineage.type", "closed-form density", "gaussian, gmm, ring", "got 'moons'")),
                Arguments.of("einstein needs free diffusion", args(quick, "lineage.type=einstein"), List.of("sde.type", "brownian")),
                Arguments.of("log interval checked before the run", args(quick, "train.log_every=0"), List.of("train.log_every", "at least 1")),
                Arguments.of("ancestral with edm", args(quick, "sde.type=edm", "sampler.type=ancestral"), List.of("sampler.type",
                        "discrete chain", "'edm'")),
                Arguments.of("mala without a density", args(quick, "sampler.type=mala"), List.of("sampler.type", "log density", "oracle")),
                Arguments.of("unknown schedule", args(quick, "sampler.schedule=cosine"), List.of("sampler.schedule", "karras", "logsnr")),
                Arguments.of("sigma_max below sigma_min", args(quick, "sde.type=ve", "sde.sigma_max=0.001"), List.of("sde.sigma_max",
                        "sde.sigma_min")),
                Arguments.of("eta out of range", args(quick, "sampler.type=ddim", "sampler.eta=2"), List.of("sampler.eta", "[0.0, 1.0]")),
                Arguments.of("unknown data set", args(quick, "data.type=mnist"), List.of("data.type", "checkerboard", "swiss_roll")),
                Arguments.of("wrong type", args(quick, "train.steps=many"), List.of("train.steps", "must be a number")),
                Arguments.of("wrong type for a flag", args(quick, "likelihood.enabled=3"), List.of("likelihood.enabled", "true or false")),
                Arguments.of("integer expected", args(quick, "train.steps=2.5"), List.of("train.steps", "integer")),
                Arguments.of("steps < 1", args(quick, "train.steps=0"), List.of("train.steps", "at least 1")),
                Arguments.of("negative rate", args(quick, "sde.beta_min=-1"), List.of("sde.beta_min", "positive")),
                Arguments.of("beta_min > beta_max", args(quick, "sde.beta_min=30"), List.of("sde.beta_max", "30")),
                Arguments.of("ema decay out of range", args(quick, "train.ema_decay=1.5"), List.of("train.ema_decay", "[0.0, 1.0]")),
                Arguments.of("odd embedding", args(quick, "score.embedding_dim=5"), List.of("score.embedding_dim", "even")),
                Arguments.of("oracle without a known density", args(quick, "data.type=moons", "score.type=oracle"), List.of("score.type",
                        "closed-form density", "gaussian, gmm, ring")),
                Arguments.of("unet on points", args(quick, "score.type=unet"), List.of("score.type", "'unet' needs images or clips",
                        "digits", "fashion_mnist", "moving_idx")),
                Arguments.of("esm with the unet", args(digits, "loss.type=esm"), List.of("loss.type", "'esm'", "score.type mlp")),
                Arguments.of("unet halving 8×8 four times", args(digits, "score.channels=[8,8,8,8,8]"), List.of("score.channels",
                        "not divisible by 16")),
                Arguments.of("groups not dividing the channels", args(digits, "score.groups=5"), List.of("score.groups", "5 groups", "[16, 32]")),
                Arguments.of("unknown pixel scale", args(digits, "data.scale=bytes"), List.of("data.scale", "symmetric", "unit")),
                Arguments.of("missing experiment file", new String[] {"run", dir.resolve("nope.yaml").toString(), "--set", NO_RUN},
                        List.of("does not exist")),
                Arguments.of("malformed YAML", args(malformed), List.of("malformed YAML", "line")),
                Arguments.of("duplicate key", args(duplicate), List.of("malformed YAML", "duplicate")),
                Arguments.of("not a mapping", args(scalar), List.of("mapping")),
                Arguments.of("section given a value", args(section), List.of("data", "section")),
                Arguments.of("gmm shapes disagree", args(gmm), List.of("data.covariances", "1 covariances for 2 means")),
                Arguments.of("covariance not positive definite", args(gmm.resolveSibling("notpd.yaml")), List.of("data.covariances",
                        "positive definite")),
                Arguments.of("csv without a path", args(quick, "data.type=csv"), List.of("data.path", "needs a file path")),
                Arguments.of("csv file missing", args(quick, "data.type=csv", "data.path=" + dir.resolve("none.csv")), List.of("data.path",
                        "does not exist")),
                Arguments.of("csv with non-numbers", args(quick, "data.type=csv", "data.path=" + badCsv), List.of("data.path",
                        "'abc' is not a number")),
                Arguments.of("csv rows of another dimension", args(quick, "data.type=csv", "data.path=" + ragged), List.of("data.path",
                        "line 3: 1 values, expected 2")),
                Arguments.of("csv path is a folder", args(quick, "data.type=csv", "data.path=" + dir), List.of("data.path", "is a folder")),
                Arguments.of("experiment path is a folder", new String[] {"run", dir.toString(), "--set", NO_RUN}, List.of("experiment",
                        "is a folder")),
                Arguments.of("sigma_min <= 0", args(quick, "sde.type=ve", "sde.sigma_min=0"), List.of("sde.sigma_min", "positive")),
                Arguments.of("offline resume", new String[] {"run", quick.toString(), "--set", "tracking.offline=true", "--resume",
                        "0123456789abcdef0123456789abcdef"},
                        List.of("--resume", "tracking.offline")),
                Arguments.of("--set without =", args(quick, "train.steps"), List.of("--set", "key=value")),
                Arguments.of("unknown parameterization", args(quick, "score.parameterization=eps"),
                        List.of("score.parameterization", "[data, edm, energy, flow, noise, score, velocity]")),
                Arguments.of("unknown activation", args(quick, "score.activation=relu"), List.of("score.activation", "silu", "gelu", "softplus")),
                Arguments.of("sigma_data not positive", args(quick, "score.parameterization=edm", "score.sigma_data=0"),
                        List.of("score.sigma_data", "positive")),
                Arguments.of("unknown loss", args(quick, "loss.type=nce"), List.of("loss.type", "dsm", "ssm_vr", "ksd", "esm")),
                Arguments.of("unknown weighting", args(quick, "loss.weighting=snr"), List.of("loss.weighting",
                        "[edm, likelihood, min_snr, sigma2, uniform]")),
                Arguments.of("unknown projection", args(quick, "loss.type=ssm", "loss.projection=cube"), List.of("loss.projection",
                        "rademacher", "sphere")),
                Arguments.of("no projections", args(quick, "loss.type=ssm_vr", "loss.projections=0"), List.of("loss.projections", "at least 1")),
                Arguments.of("finite-difference step not positive", args(quick, "loss.type=ssm", "loss.fd_step=-0.1"),
                        List.of("loss.fd_step", "positive")),
                Arguments.of("unknown kernel", args(quick, "loss.type=ksd", "loss.kernel=laplace"), List.of("loss.kernel", "[imq, rbf]")),
                Arguments.of("bandwidth neither auto nor positive", args(quick, "loss.type=ksd", "loss.bandwidth=wide"),
                        List.of("loss.bandwidth", "must be a number")),
                Arguments.of("too many KSD groups", args(quick, "loss.type=ksd", "loss.groups=300"), List.of("loss.groups", "at least 2", "512")),
                Arguments.of("unknown learning-rate schedule", args(quick, "train.lr_schedule=step"), List.of("train.lr_schedule",
                        "[constant, cosine, inverse_sqrt]")),
                // keys a later stage reads, sizes, and non-finite or overflowing numbers: refused by the assembly, before any run
                Arguments.of("system metrics at a negative interval", args(quick, "tracking.system_metrics_interval=-1"),
                        List.of("tracking.system_metrics_interval")),
                Arguments.of("previews at a negative interval", args(quick, "train.sample_every=-5"), List.of("train.sample_every", "at least 0")),
                Arguments.of("a classifier of negative steps", args(quick, "features.steps=-5"), List.of("features.steps", "at least 0")),
                Arguments.of("an unbounded NFE budget", args(quick, "sampler.nfe_budgets=[1000000000]"), List.of("sampler.nfe_budgets", "100000")),
                Arguments.of("an unbounded sampler", args(quick, "sampler.steps=1000000"), List.of("sampler.steps", "100000")),
                Arguments.of("NaN in a matrix", args(ring, "inverse.operator=matrix", "inverse.matrix=[[.nan, 1]]"),
                        List.of("inverse.matrix", "finite")),
                Arguments.of("an overflowing matrix", args(ring, "inverse.operator=matrix", "inverse.matrix=[[1e400, 1]]"),
                        List.of("inverse.matrix", "finite")),
                Arguments.of("a matrix whose algebra overflows", args(ring, "inverse.operator=matrix", "inverse.matrix=[[1e200, 1e200]]"),
                        List.of("inverse.matrix", "overflow")),
                Arguments.of("infinite guidance", args(ring, "sampler.guidance_scale=.inf"), List.of("sampler.guidance_scale", "finite")),
                Arguments.of("an MLP beyond the machine's memory", args(quick, "score.width=300000"), List.of("score.width", "machine's memory")),
                Arguments.of("an IDX split of no images", args(digits, "data.type=idx", "data.path=" + emptyIdx), List.of("data.path", "no rows")),
                Arguments.of("restore beyond the test split", new String[] {"restore", "--config", ring.toString(), "--set", NO_RUN, "--set",
                        "inverse.operator=mask", "--set", "inverse.mask=[1, 0]", "--n", "2000000000"}, List.of("--n", "at most")),
                Arguments.of("a binary experiment file", new String[] {"run", binary.toString(), "--set", NO_RUN}, List.of("not UTF-8 text")),
                Arguments.of("resume an unknown run", new String[] {"run", quick.toString(), "--set", NO_RUN, "--resume",
                        "0123456789abcdef0123456789abcdef"},
                        List.of("--resume", "cannot be read")));
    }

    /** A CSV of {@code columns} columns and {@code rows} rows of small numbers. */
    private static String wideCsv(int columns, int rows) {
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < columns; j++) csv.append(j == 0 ? "" : ",").append('x').append(j);
        csv.append('\n');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) csv.append(j == 0 ? "" : ",").append((i * 31 + j * 17) % 7 - 3);
            csv.append('\n');
        }
        return csv.toString();
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Every case names this experiment: none of them may create it. */
    private static final String NO_RUN = "experiment=bad-input-creates-no-run";

    private static String[] args(Path file, String... sets) {
        List<String> a = new ArrayList<>(List.of("run", file.toString(), "--set", NO_RUN));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a.toArray(new String[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsOneClearLineAndExitCode2(String name, String[] args, List<String> mustMention) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("error: ");
        for (String fragment : mustMention) assertThat(err).contains(fragment);
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @AfterAll
    static void noCaseCreatedAnMlflowRun() {
        try (var tracker = TestServer.connect()) {
            assertThat(tracker.findExperiment("bad-input-creates-no-run")).isEmpty();
        }
    }
}
