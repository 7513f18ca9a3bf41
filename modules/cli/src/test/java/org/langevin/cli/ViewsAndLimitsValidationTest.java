package org.langevin.cli;

import static org.langevin.cli.BadInput.NO_RUN;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input in the flow, energy and class-conditional views, IDX sets, limits and sizes: one line on stderr naming the key and what is allowed,
 * exit code 2, no stack trace. Validation happens before any tracking server is contacted, so none of these creates a run.
 */
class ViewsAndLimitsValidationTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> cases() throws Exception {
        BadInputFiles f = BadInputFiles.in(dir);
        return Stream.of(
                // the flow view: interpolant end times and couplings
                Arguments.of("an interpolant that reaches t = 1", args(f.quick(), "sde.type=rectified_flow", "sde.horizon=1"),
                        List.of("sde.horizon", "0.5", "1.0")),
                Arguments.of("ot coupling with another loss", args(f.quick(), "loss.coupling=ot"), List.of("loss.coupling", "flow_matching",
                        "'dsm'")),
                Arguments.of("a reverse-SDE sampler for an OT-coupled flow", args(f.quick(), "sde.type=rectified_flow", "score.parameterization=flow",
                        "loss.type=flow_matching", "loss.coupling=ot"), List.of("sampler.type", "'euler_maruyama'", "OT-coupled", "ode_heun")),
                Arguments.of("stochastic DDIM for an OT-coupled flow", args(f.quick(), "sde.type=rectified_flow", "loss.type=flow_matching",
                        "loss.coupling=ot",
                        "sampler.type=ddim", "sampler.eta=1"), List.of("sampler.type", "'ddim'", "sampler.eta and sampler.s_churn 0")),
                Arguments.of("unknown coupling", args(f.quick(), "loss.type=flow_matching", "loss.coupling=sinkhorn"), List.of("loss.coupling",
                        "independent", "ot")),
                // IDX image sets: the folder, the files, their format
                Arguments.of("idx without a folder", args(f.digits(), "data.type=idx"), List.of("data.path", "'idx' needs the folder",
                        "t10k-images-idx3-ubyte.gz")),
                Arguments.of("fashion_mnist where it is not", args(f.digits(), "data.type=fashion_mnist", "data.path=" + dir.resolve("nowhere")),
                        List.of("data.path", "no folder", "apt-get install dataset-fashion-mnist")),
                Arguments.of("a malformed IDX file", args(f.digits(), "data.type=idx", "data.path=" + f.badIdx()), List.of("data.path",
                        "train-images-idx3-ubyte",
                        "magic 0x00000801, expected 0x00000803")),
                // the energy view: losses, networks and samplers that cannot use it
                Arguments.of("energy with exact score matching", args(f.quick(), "score.parameterization=energy", "loss.type=esm"),
                        List.of("loss.type", "'esm'", "vector parameterization", "dsm")),
                Arguments.of("energy with the U-Net", args(f.digits(), "score.parameterization=energy"), List.of("score.parameterization",
                        "'energy'", "mlp")),
                Arguments.of("a class-conditional energy", args(f.quick(), "score.parameterization=energy", "score.conditional=true"),
                        List.of("score.conditional", "energy")),
                Arguments.of("a Metropolis corrector without a log density", args(f.quick(), "sampler.type=pc", "sampler.corrector=mala"),
                        List.of("sampler.corrector", "'mala'", "energy", "langevin")),
                Arguments.of("mala without a log density", args(f.quick(), "sampler.type=mala"), List.of("sampler.type", "'mala'", "energy")),
                Arguments.of("the exact posterior with an energy model", args(f.quick(), "score.parameterization=energy",
                        "inverse.operator=mask", "inverse.mask=[1, 0]"),
                        List.of("inverse.method", "'exact'", "oracle")),
                Arguments.of("guidance with the Metropolis corrector", new String[] {"run", f.ring().toString(), "--set", NO_RUN, "--set",
                        "sampler.type=pc",
                        "--set", "sampler.corrector=mala", "--set", "sampler.label=1", "--set", "sampler.guidance_scale=1"},
                        List.of("sampler.guidance_scale", "corrector mala")),
                Arguments.of("unknown corrector", args(f.quick(), "sampler.type=pc", "sampler.corrector=hmc"), List.of("sampler.corrector",
                        "langevin", "mala")),
                Arguments.of("energy at a time past the horizon", new String[] {"energy", "--config", f.ring().toString(), "--set", NO_RUN, "--input",
                        f.point().toString(), "--output", f.out(), "--t", "2"}, List.of("--t", "must lie in")),
                Arguments.of("a fractional NFE budget", args(f.quick(), "sampler.nfe_budgets=[5, 7.5]"), List.of("sampler.nfe_budgets",
                        "whole numbers")),
                // class-conditional training and sampling
                Arguments.of("guidance for a Metropolis sampler", new String[] {"run", f.ring().toString(), "--set", NO_RUN, "--set",
                        "sampler.type=mala",
                        "--set", "sampler.label=1", "--set", "sampler.guidance_scale=1"}, List.of("sampler.guidance_scale", "log density")),
                Arguments.of("guidance without label dropout", args(f.quick(), "score.conditional=true", "train.label_dropout=0", "sampler.label=1",
                        "sampler.guidance_scale=2"), List.of("sampler.guidance_scale", "train.label_dropout")),
                Arguments.of("a label without a conditional score", args(f.quick(), "sampler.label=1"), List.of("sampler.label",
                        "class-conditional")),
                Arguments.of("a label out of range", new String[] {"run", f.ring().toString(), "--set", NO_RUN, "--set", "sampler.label=8"},
                        List.of("sampler.label", "0 to 7")),
                Arguments.of("conditional on unlabelled data", args(f.quick(), "data.type=moons", "score.conditional=true"),
                        List.of("score.conditional", "labelled data", "digits", "gmm")),
                Arguments.of("conditional with a loss other than dsm", args(f.quick(), "score.conditional=true", "loss.type=ssm"),
                        List.of("score.conditional", "dsm")),
                Arguments.of("label dropout above 1", args(f.quick(), "train.label_dropout=1.5"), List.of("train.label_dropout", "[0.0, 1.0]")),
                // resource limits, before any work (issue: trust, items 3 and 7)
                Arguments.of("a batch that cannot fit", args(f.quick(), "train.batch_size=1000000000"), List.of("train.batch_size",
                        "needs at least", "memory")),
                Arguments.of("samples that cannot fit", args(f.quick(), "sampler.n_samples=2000000000"), List.of("sampler.n_samples",
                        "needs at least")),
                Arguments.of("a sample command that cannot fit", new String[] {"sample", "--config", Cli.experiment("oracle_ring.yaml"),
                        "--n", "2000000000",
                        "--output", dir.resolve("big.csv").toString()}, List.of("--n", "needs at least")),
                Arguments.of("a D x D prior that cannot fit", args(f.quick(), "data.type=csv", "data.path=" + f.wide(), "score.type=mlp"),
                        List.of("likelihood.prior", "20000 × 20000", "likelihood.enabled: false")),
                // messages that named the wrong thing (item 9)
                Arguments.of("a negative gmm weight", args(f.quick(), "data.type=gmm", "data.weights=[1.0, -1.0]", "data.means=[[0, 0], [1, 1]]",
                        "data.covariances=[[[1, 0], [0, 1]], [[1, 0], [0, 1]]]"), List.of("data.weights", "positive")),
                Arguments.of("gmm means of two dimensions", args(f.quick(), "data.type=gmm", "data.means=[[0, 0], [1, 1, 1]]",
                        "data.covariances=[[[1, 0], [0, 1]], [[1, 0], [0, 1]]]"), List.of("data.means", "dimension")),
                Arguments.of("an integer too large", args(f.quick(), "train.steps=1000000000000"), List.of("train.steps", "at most 2147483647")),
                Arguments.of("a byte-order mark", args(f.bom()), List.of("error: train.stepz", "did you mean 'train.steps'")),
                Arguments.of("a malformed tracking uri", args(f.quick(), "tracking.uri=not a url"), List.of("tracking.uri", "http(s) URL")),
                Arguments.of("--set without a value", new String[] {"run", f.quick().toString(), "--set"}, List.of("--set", "--help")),
                Arguments.of("a count that is not an int", new String[] {"sample", "--config", f.quick().toString(), "--n", "10000000000", "--output",
                        dir.resolve("s.csv").toString()}, List.of("--n", "--help")),
                Arguments.of("a parallelism that is not a number", new String[] {"sweep", "x.yaml", "--parallel", "two"},
                        List.of("--parallel", "--help")),
                Arguments.of("an unknown mlflow verb", new String[] {"mlflow", "frobnicate"}, List.of("frobnicate", "--help")),
                Arguments.of("unknown key with a suggestion", args(f.typo()), List.of("sde.beta_mni", "did you mean 'sde.beta_min'")),
                Arguments.of("unknown key via --set", args(f.quick(), "train.stepz=5"), List.of("train.stepz", "did you mean 'train.steps'")),
                Arguments.of("unknown family name", args(f.quick(), "sde.type=vpp"), List.of("sde.type", "'vpp' is unknown")),
                Arguments.of("unknown sampler", args(f.quick(), "sampler.type=heun"), List.of("sampler.type", "ode_heun", "dpmpp_2m", "edm_heun")),
                Arguments.of("unknown sde", args(f.quick(), "sde.type=vpp"), List.of("sde.type",
                        "[brownian, edm, ou, rectified_flow, subvp, trig, ve, vp]")),
                Arguments.of("unknown likelihood solver", args(f.quick(), "likelihood.type=euler"), List.of("likelihood.type", "dopri5",
                        "heun", "rk4")),
                Arguments.of("renamed key", args(f.quick(), "likelihood.solver=heun"), List.of("likelihood.solver", "renamed", "likelihood.type")),
                Arguments.of("unknown lineage experiment", args(f.quick(), "lineage.type=maxwell"), List.of("lineage.type", "boltzmann", "einstein")),
                Arguments.of("lineage key checked before the run", args(f.quick(), "lineage.type=boltzmann", "lineage.temperatures=[1.0]"),
                        List.of("lineage.temperatures", "two temperatures")),
                Arguments.of("lineage data checked before the run", args(f.quick(), "lineage.type=h_theorem", "data.type=moons"),
                        List.of("lineage.type", "closed-form density", "gaussian, gmm, ring", "got 'moons'")),
                Arguments.of("einstein needs free diffusion", args(f.quick(), "lineage.type=einstein"), List.of("sde.type", "brownian")),
                Arguments.of("log interval checked before the run", args(f.quick(), "train.log_every=0"), List.of("train.log_every", "at least 1")),
                Arguments.of("ancestral with edm", args(f.quick(), "sde.type=edm", "sampler.type=ancestral"), List.of("sampler.type",
                        "discrete chain", "'edm'")),
                Arguments.of("mala without a density", args(f.quick(), "sampler.type=mala"), List.of("sampler.type", "log density", "oracle")),
                Arguments.of("unknown schedule", args(f.quick(), "sampler.schedule=cosine"), List.of("sampler.schedule", "karras", "logsnr")),
                Arguments.of("sigma_max below sigma_min", args(f.quick(), "sde.type=ve", "sde.sigma_max=0.001"), List.of("sde.sigma_max",
                        "sde.sigma_min")),
                Arguments.of("eta out of range", args(f.quick(), "sampler.type=ddim", "sampler.eta=2"), List.of("sampler.eta", "[0.0, 1.0]")),
                Arguments.of("unknown data set", args(f.quick(), "data.type=mnist"), List.of("data.type", "checkerboard", "swiss_roll")),
                Arguments.of("wrong type", args(f.quick(), "train.steps=many"), List.of("train.steps", "must be a number")),
                Arguments.of("wrong type for a flag", args(f.quick(), "likelihood.enabled=3"), List.of("likelihood.enabled", "true or false")),
                Arguments.of("integer expected", args(f.quick(), "train.steps=2.5"), List.of("train.steps", "integer")),
                Arguments.of("steps < 1", args(f.quick(), "train.steps=0"), List.of("train.steps", "at least 1")),
                Arguments.of("negative rate", args(f.quick(), "sde.beta_min=-1"), List.of("sde.beta_min", "positive")),
                Arguments.of("beta_min > beta_max", args(f.quick(), "sde.beta_min=30"), List.of("sde.beta_max", "30")),
                Arguments.of("ema decay out of range", args(f.quick(), "train.ema_decay=1.5"), List.of("train.ema_decay", "[0.0, 1.0]")),
                Arguments.of("odd embedding", args(f.quick(), "score.embedding_dim=5"), List.of("score.embedding_dim", "even")),
                Arguments.of("oracle without a known density", args(f.quick(), "data.type=moons", "score.type=oracle"), List.of("score.type",
                        "closed-form density", "gaussian, gmm, ring")),
                Arguments.of("unet on points", args(f.quick(), "score.type=unet"), List.of("score.type", "'unet' needs images or clips",
                        "digits", "fashion_mnist", "moving_idx")),
                Arguments.of("esm with the unet", args(f.digits(), "loss.type=esm"), List.of("loss.type", "'esm'", "score.type mlp")),
                Arguments.of("unet halving 8×8 four times", args(f.digits(), "score.channels=[8,8,8,8,8]"), List.of("score.channels",
                        "not divisible by 16")),
                Arguments.of("groups not dividing the channels", args(f.digits(), "score.groups=5"), List.of("score.groups", "5 groups", "[16, 32]")),
                Arguments.of("unknown pixel scale", args(f.digits(), "data.scale=bytes"), List.of("data.scale", "symmetric", "unit")),
                Arguments.of("missing experiment file", new String[] {"run", dir.resolve("nope.yaml").toString(), "--set", NO_RUN},
                        List.of("does not exist")),
                Arguments.of("malformed YAML", args(f.malformed()), List.of("malformed YAML", "line")),
                Arguments.of("duplicate key", args(f.duplicate()), List.of("malformed YAML", "duplicate")),
                Arguments.of("not a mapping", args(f.scalar()), List.of("mapping")),
                Arguments.of("section given a value", args(f.section()), List.of("data", "section")),
                Arguments.of("gmm shapes disagree", args(f.gmm()), List.of("data.covariances", "1 covariances for 2 means")),
                Arguments.of("covariance not positive definite", args(f.gmm().resolveSibling("notpd.yaml")), List.of("data.covariances",
                        "positive definite")),
                Arguments.of("csv without a path", args(f.quick(), "data.type=csv"), List.of("data.path", "needs a file path")),
                Arguments.of("csv file missing", args(f.quick(), "data.type=csv", "data.path=" + dir.resolve("none.csv")), List.of("data.path",
                        "does not exist")),
                Arguments.of("csv with non-numbers", args(f.quick(), "data.type=csv", "data.path=" + f.badCsv()), List.of("data.path",
                        "'abc' is not a number")),
                Arguments.of("csv rows of another dimension", args(f.quick(), "data.type=csv", "data.path=" + f.ragged()), List.of("data.path",
                        "line 3: 1 values, expected 2")),
                Arguments.of("csv path is a folder", args(f.quick(), "data.type=csv", "data.path=" + dir), List.of("data.path", "is a folder")),
                Arguments.of("experiment path is a folder", new String[] {"run", dir.toString(), "--set", NO_RUN}, List.of("experiment",
                        "is a folder")),
                Arguments.of("sigma_min <= 0", args(f.quick(), "sde.type=ve", "sde.sigma_min=0"), List.of("sde.sigma_min", "positive")),
                Arguments.of("offline resume", new String[] {"run", f.quick().toString(), "--set", "tracking.offline=true", "--resume",
                        "0123456789abcdef0123456789abcdef"},
                        List.of("--resume", "tracking.offline")),
                Arguments.of("--set without =", args(f.quick(), "train.steps"), List.of("--set", "key=value")),
                Arguments.of("unknown parameterization", args(f.quick(), "score.parameterization=eps"),
                        List.of("score.parameterization", "[data, edm, energy, flow, noise, score, velocity]")),
                Arguments.of("unknown activation", args(f.quick(), "score.activation=relu"), List.of("score.activation", "silu", "gelu", "softplus")),
                Arguments.of("sigma_data not positive", args(f.quick(), "score.parameterization=edm", "score.sigma_data=0"),
                        List.of("score.sigma_data", "positive")),
                Arguments.of("unknown loss", args(f.quick(), "loss.type=nce"), List.of("loss.type", "dsm", "ssm_vr", "ksd", "esm")),
                Arguments.of("unknown weighting", args(f.quick(), "loss.weighting=snr"), List.of("loss.weighting",
                        "[edm, likelihood, min_snr, sigma2, uniform]")),
                Arguments.of("unknown projection", args(f.quick(), "loss.type=ssm", "loss.projection=cube"), List.of("loss.projection",
                        "rademacher", "sphere")),
                Arguments.of("no projections", args(f.quick(), "loss.type=ssm_vr", "loss.projections=0"), List.of("loss.projections", "at least 1")),
                Arguments.of("finite-difference step not positive", args(f.quick(), "loss.type=ssm", "loss.fd_step=-0.1"),
                        List.of("loss.fd_step", "positive")),
                Arguments.of("unknown kernel", args(f.quick(), "loss.type=ksd", "loss.kernel=laplace"), List.of("loss.kernel", "[imq, rbf]")),
                Arguments.of("bandwidth neither auto nor positive", args(f.quick(), "loss.type=ksd", "loss.bandwidth=wide"),
                        List.of("loss.bandwidth", "must be a number")),
                Arguments.of("too many KSD groups", args(f.quick(), "loss.type=ksd", "loss.groups=300"), List.of("loss.groups", "at least 2", "512")),
                Arguments.of("unknown learning-rate schedule", args(f.quick(), "train.lr_schedule=step"), List.of("train.lr_schedule",
                        "[constant, cosine, inverse_sqrt]")),
                // keys a later stage reads, sizes, and non-finite or overflowing numbers: refused by the assembly, before any run
                Arguments.of("system metrics at a negative interval", args(f.quick(), "tracking.system_metrics_interval=-1"),
                        List.of("tracking.system_metrics_interval")),
                Arguments.of("previews at a negative interval", args(f.quick(), "train.sample_every=-5"), List.of("train.sample_every",
                        "at least 0")),
                Arguments.of("a classifier of negative steps", args(f.quick(), "features.steps=-5"), List.of("features.steps", "at least 0")),
                Arguments.of("an unbounded NFE budget", args(f.quick(), "sampler.nfe_budgets=[1000000000]"), List.of("sampler.nfe_budgets",
                        "100000")),
                Arguments.of("an unbounded sampler", args(f.quick(), "sampler.steps=1000000"), List.of("sampler.steps", "100000")),
                Arguments.of("NaN in a matrix", args(f.ring(), "inverse.operator=matrix", "inverse.matrix=[[.nan, 1]]"),
                        List.of("inverse.matrix", "finite")),
                Arguments.of("an overflowing matrix", args(f.ring(), "inverse.operator=matrix", "inverse.matrix=[[1e400, 1]]"),
                        List.of("inverse.matrix", "finite")),
                Arguments.of("a matrix whose algebra overflows", args(f.ring(), "inverse.operator=matrix", "inverse.matrix=[[1e200, 1e200]]"),
                        List.of("inverse.matrix", "overflow")),
                Arguments.of("infinite guidance", args(f.ring(), "sampler.guidance_scale=.inf"), List.of("sampler.guidance_scale", "finite")),
                Arguments.of("an MLP beyond the machine's memory", args(f.quick(), "score.width=300000"), List.of("score.width", "machine's memory")),
                Arguments.of("an IDX split of no images", args(f.digits(), "data.type=idx", "data.path=" + f.emptyIdx()),
                        List.of("data.path", "no rows")),
                Arguments.of("restore beyond the test split", new String[] {"restore", "--config", f.ring().toString(), "--set", NO_RUN, "--set",
                        "inverse.operator=mask", "--set", "inverse.mask=[1, 0]", "--n", "2000000000"}, List.of("--n", "at most")),
                Arguments.of("a binary experiment file", new String[] {"run", f.binary().toString(), "--set", NO_RUN}, List.of("not UTF-8 text")),
                Arguments.of("resume an unknown run", new String[] {"run", f.quick().toString(), "--set", NO_RUN, "--resume",
                        "0123456789abcdef0123456789abcdef"},
                        List.of("--resume", "cannot be read")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsOneClearLineAndExitCode2(String name, String[] args, List<String> mustMention) {
        BadInput.refused(args, mustMention);
    }

    @AfterAll
    static void noCaseCreatedAnMlflowRun() {
        BadInput.noRunCreated();
    }

    private static String[] args(Path file, String... sets) {
        return BadInput.args(file, sets);
    }
}
