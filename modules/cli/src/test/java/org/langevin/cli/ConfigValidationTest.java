package org.langevin.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Bad input in the families, the inverse problems and the keys that would be ignored. */
class ConfigValidationTest extends BadInputTest {
    static Stream<Arguments> cases() throws Exception {
        BadInputFiles f = BadInputFiles.in(dir);
        Path clips = Path.of(Cli.experiment("clips-vp.yaml"));
        return Stream.of(
                // one model on several workers: refused before any Spark job, with the key
                Arguments.of("several workers on this machine", args(f.quick(), "train.workers=2"), List.of("train.workers", "--executor spark")),
                Arguments.of("no workers", args(f.quick(), "train.workers=0"), List.of("train.workers")),
                Arguments.of("workers for a run that trains nothing", args(f.ring(), "train.workers=2"),
                        List.of("train.workers", "trains no network")),
                Arguments.of("no sync", args(f.quick(), "train.sync_every=0"), List.of("train.sync_every")),
                Arguments.of("an outer step on one worker", args(f.quick(), "train.outer=nesterov"), List.of("train.outer", "average")),
                Arguments.of("an outer step of gradients", args(f.quick(), "train.outer=nesterov", "train.workers=2", "train.steps=3000"),
                        List.of("train.outer", "train.sync_every")),
                Arguments.of("an unknown outer step", args(f.quick(), "train.outer=adam"), List.of("train.outer", "average", "nesterov")),
                Arguments.of("a checkpoint between sync points", args(f.quick(), "train.workers=2", "train.sync_every=7"),
                        List.of("train.steps", "multiple of train.sync_every")),
                Arguments.of("workers without the server", withOptions(args(f.quick(), "tracking.offline=true"), "--executor", "spark"),
                        List.of("--executor", "tracking.offline")),
                Arguments.of("a master without spark", withOptions(args(f.quick()), "--master", "local[2]"), List.of("--master", "spark")),
                Arguments.of("a master that is not a master URL", withOptions(args(f.quick(), "train.workers=2"), "--executor", "spark", "--master",
                        "spark:/head:7077"), List.of("--master", "'spark:/head:7077'", "local[N]", "spark://HOST:PORT", "yarn")),
                Arguments.of("an executor that trains on no workers", withOptions(args(f.quick()), "--executor", "dask"),
                        List.of("--executor", "'dask'", "local")),
                // inverse problems: operators that do not fit the data, exact without the mixture, observations of the wrong shape
                Arguments.of("exact without an oracle", args(f.quick(), "inverse.operator=mask", "inverse.mask=[1, 0]"),
                        List.of("inverse.method", "'exact'", "oracle")),
                Arguments.of("a mask of the wrong length", args(f.quick(), "inverse.operator=mask", "inverse.mask=[1, 0, 1]", "inverse.method=dps"),
                        List.of("inverse.mask", "3 flags", "dimension 2")),
                Arguments.of("a mask of other values", args(f.quick(), "inverse.operator=mask", "inverse.mask=[1, 2]", "inverse.method=dps"),
                        List.of("inverse.mask", "0 (hidden) or 1")),
                Arguments.of("a mask shape on points", args(f.quick(), "inverse.operator=mask", "inverse.method=dps"), List.of("inverse.mask",
                        "0/1 flag per coordinate")),
                Arguments.of("blur on points", args(f.quick(), "inverse.operator=blur", "inverse.method=dps"), List.of("inverse.operator",
                        "images or clips")),
                Arguments.of("a stacked video network on images", args(f.digits(), "score.video=stacked"), List.of("score.video", "'stacked'",
                        "factorized")),
                Arguments.of("an unknown video network", args(f.digits(), "score.video=cubes"), List.of("score.video", "factorized", "stacked")),
                Arguments.of("given frames on images", args(f.digits(), "train.frame_mask_p=0.5"), List.of("train.frame_mask_p",
                        "single images")),
                Arguments.of("a frame mask probability above 1", args(f.digits(), "train.frame_mask_p=1.5"), List.of("train.frame_mask_p")),
                Arguments.of("stills on images", args(f.digits(), "data.image_fraction=0.2"), List.of("data.image_fraction", "single images")),
                Arguments.of("stills beside attention over every frame", args(clips, "data.image_fraction=0.2", "score.attention=true"),
                        List.of("data.image_fraction", "score.attention")),
                Arguments.of("a share of stills above 1", args(clips, "data.image_fraction=2"), List.of("data.image_fraction")),
                Arguments.of("given frames trained by another loss", args(clips, "train.frame_mask_p=0.5", "loss.type=ssm"),
                        List.of("train.frame_mask_p", "dsm")),
                Arguments.of("a start from an image run for an MLP", args(f.quick(), "score.init_from=abc"), List.of("score.init_from", "unet")),
                Arguments.of("given frames for an MLP", args(f.quick(), "train.frame_mask_p=0.5"), List.of("train.frame_mask_p", "unet")),
                Arguments.of("conditional restoration by a network trained without given frames", args(f.ring(), "inverse.operator=mask",
                        "inverse.mask=[1, 0]", "inverse.method=conditional"), List.of("inverse.method", "given frames", "replacement")),
                Arguments.of("frames of single images", args(f.digits(), "inverse.operator=frames", "inverse.method=dps"),
                        List.of("inverse.operator", "clips")),
                Arguments.of("a pooling factor that does not divide", args(f.digits(), "inverse.operator=downsample", "inverse.factor=3",
                        "inverse.method=pigdm"),
                        List.of("inverse.factor", "does not divide the 8x8")),
                Arguments.of("a matrix of the wrong width", args(f.quick(), "inverse.operator=matrix", "inverse.matrix=[[1, 2, 3]]",
                        "inverse.method=dps"),
                        List.of("inverse.matrix", "length 3", "dimension 2")),
                Arguments.of("unknown inverse method", args(f.quick(), "inverse.method=ddpm"), List.of("inverse.method", "pigdm", "smc",
                        "repaint", "ddrm")),
                Arguments.of("negative measurement noise", args(f.quick(), "inverse.noise=-0.1"), List.of("inverse.noise", "a finite number ≥ 0.0")),
                Arguments.of("no particles", args(f.quick(), "inverse.operator=mask", "inverse.mask=[1, 0]", "inverse.method=smc",
                        "inverse.particles=0"), List.of("inverse.particles", "at least 1")),
                Arguments.of("a DPS step of zero", args(f.quick(), "inverse.operator=mask", "inverse.mask=[1, 0]", "inverse.method=dps",
                        "inverse.step_size=0"), List.of("inverse.step_size", "positive")),
                Arguments.of("a negative DPS move cap", args(f.quick(), "inverse.operator=mask", "inverse.mask=[1, 0]", "inverse.method=dps",
                        "inverse.dps_max_move=-1"), List.of("inverse.dps_max_move", "positive")),
                Arguments.of("DDRM on dependent rows", args(f.quick(), "inverse.operator=matrix", "inverse.matrix=[[1, 0], [2, 0]]",
                        "inverse.noise=0.1", "inverse.method=ddrm"),
                        List.of("inverse.method", "ddrm", "not independent")),
                // settings that would be ignored, and numbers that are not finite
                Arguments.of("FID during training on points", args(f.quick(), "train.eval_every=100"), List.of("train.eval_every",
                        "labelled images")),
                Arguments.of("a negative FID interval", args(f.digits(), "train.eval_every=-5"), List.of("train.eval_every")),
                Arguments.of("power EMA without profiles", args(f.quick(), "train.ema=power", "train.ema_std=[]"), List.of("train.ema_std",
                        "at least one")),
                Arguments.of("a power EMA width out of range", args(f.quick(), "train.ema=power", "train.ema_std=[0.05, 0.5]"),
                        List.of("train.ema_std", "(0, 0.2887]", "0.5")),
                Arguments.of("an unknown EMA", args(f.quick(), "train.ema=karras"), List.of("train.ema", "exponential", "power")),
                Arguments.of("no threads", args(f.quick(), "threads=0"), List.of("threads", "auto", "≥ 1", "'0'")),
                Arguments.of("a thread count that is not a number", args(f.digits(), "threads=two"), List.of("threads", "auto", "'two'")),
                Arguments.of("a sampling chunk of no rows", args(f.quick(), "sampler.batch_size=0"), List.of("sampler.batch_size", "at least 1")),
                Arguments.of("a log-normal spread of zero", args(f.quick(), "loss.t_sampling=lognormal", "loss.p_std=0"), List.of("loss.p_std",
                        "positive")),
                Arguments.of("an unknown level law", args(f.quick(), "loss.t_sampling=beta"), List.of("loss.t_sampling",
                        "[importance, lognormal, stratified, uniform]")),
                Arguments.of("a min-SNR gamma below zero", args(f.quick(), "loss.weighting=min_snr", "loss.snr_gamma=-1"), List.of("loss.snr_gamma")),
                Arguments.of("guidance without a label", args(f.quick(), "sampler.guidance_scale=2"), List.of("sampler.guidance_scale",
                        "sampler.label")),
                Arguments.of("an infinite guidance scale", args(f.ring(), "sampler.label=1", "sampler.guidance_scale=.inf"),
                        List.of("sampler.guidance_scale", "finite", "Infinity")),
                Arguments.of("registering an oracle", args(f.ring(), "tracking.register_model=m"), List.of("tracking.register_model",
                        "trains none", "oracle")),
                Arguments.of("a sweep override of a grid key", new String[] {"sweep", Cli.home().resolve("experiments/ablations/tour.yaml")
                        .toString(),
                        "--set", "sde.type=ve"}, List.of("--set", "'sde.type' is a grid key")),
                Arguments.of("restore without a measurement", new String[] {"restore", "--config", f.ring().toString(), "--set", NO_RUN},
                        List.of("inverse.operator", "none")),
                Arguments.of("an observation of the wrong width", new String[] {"sample", "--config", f.ring().toString(), "--set", NO_RUN,
                        "--set", "inverse.operator=mask",
                        "--set", "inverse.mask=[1, 0]", "--observation", f.twoValues().toString(), "--n", "5", "--output", f.out()},
                                List.of("--observation", "2 values", "measures 1")),
                Arguments.of("an observation of two rows", new String[] {"sample", "--config", f.ring().toString(), "--set", NO_RUN, "--set",
                        "inverse.operator=mask",
                        "--set", "inverse.mask=[1, 0]", "--observation", f.twoRows().toString(), "--n", "5", "--output", f.out()},
                                List.of("--observation", "2 rows", "one observation")),
                Arguments.of("an observation without a measurement", new String[] {"sample", "--config", f.ring().toString(), "--set", NO_RUN,
                        "--observation", f.twoRows().toString(), "--n", "5", "--output", f.out()}, List.of("inverse.operator", "none")),
                Arguments.of("dependent rows without noise", new String[] {"run", f.ring().toString(), "--set", NO_RUN, "--set",
                        "inverse.operator=matrix",
                        "--set", "inverse.matrix=[[1, 0.5], [2, 1]]"}, List.of("inverse.operator", "singular", "independent")),
                Arguments.of("a blur wider than the image", args(f.digits(), "inverse.operator=blur", "inverse.blur_sigma=100", "inverse.method=dps"),
                        List.of("inverse.blur_sigma", "wider than the 8x8")));
    }

    private static String[] withOptions(String[] args, String... options) {
        String[] all = Arrays.copyOf(args, args.length + options.length);
        System.arraycopy(options, 0, all, args.length, options.length);
        return all;
    }
}
