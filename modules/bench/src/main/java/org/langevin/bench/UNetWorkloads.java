package org.langevin.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStreams;
import org.langevin.losses.DenoisingScoreMatching;
import org.langevin.losses.NoiseLevels;
import org.langevin.nn.UNet;
import org.langevin.score.NetworkScore;
import org.langevin.score.Parameterization;
import org.langevin.sde.VpSde;
import org.langevin.training.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The U-Net training workloads of {@code bench/WORKLOADS.md}: one DSM step (VP SDE, noise parameterization, σ²
 * weighting, which makes the loss the reference's E‖ε̂ − z‖²), Adam at 2e-3, clipping at norm 1, EMA 0.999, on 2048
 * stored uniform images, timed after warm-up through the same {@link Trainer} every run uses.
 */
public final class UNetWorkloads {
    /**
     * One workload's shape: frames, side, channels per level, groups, attention, batch in samples, and the steps of warm-up
     * (enough for the JIT compiler to reach the kernels' compiled code; PyTorch needs 10) and of timing.
     */
    record Shape(int frames, int side, int[] channels, int groups, boolean attention, int batch, int warmup, int steps) {}

    static final Map<String, Shape> SHAPES = shapes();

    static final List<String> NAMES = List.copyOf(SHAPES.keySet());

    private static Map<String, Shape> shapes() {
        Map<String, Shape> m = new LinkedHashMap<>();
        m.put("train_unet_digits", new Shape(1, 8, new int[] {16, 32}, 4, false, 64, 200, 300));
        m.put("train_unet_28", new Shape(1, 28, new int[] {32, 64, 128}, 8, false, 64, 10, 30));
        m.put("train_unet_clips", new Shape(6, 12, new int[] {16, 32}, 4, true, 8, 200, 300));
        return m;
    }

    private UNetWorkloads() {}

    /** Steps per second and the parameter count, with the resident memory after warm-up, at timed step 100 and at the end. */
    static Map<String, Object> run(String name, boolean quick, int steps) {
        Shape s = SHAPES.get(name);
        PixelGrid grid = new PixelGrid(s.frames(), 1, s.side(), s.side(), 256, -1, 1);
        RandomStreams streams = new RandomStreams(0);
        UNet net = new UNet(grid, s.channels(), s.groups(), 32, 16.0, s.attention(), DataType.FLOAT, streams.get("init"));
        VpSde sde = new VpSde(0.1, 20.0);
        NetworkScore model = new NetworkScore(net, Parameterization.NOISE, sde, net.initialParameters(streams.get("init")));
        DenoisingScoreMatching dsm = new DenoisingScoreMatching(new NoiseLevels(sde, 1e-5, NoiseLevels.Weighting.SIGMA2, false));
        INDArray data = streams.get("bench/images").uniform(DataType.FLOAT, -1, 1, 2048, grid.size());
        int warmup = quick ? 3 : s.warmup();
        int timed = steps > 0 ? steps : quick ? 5 : s.steps();
        train(dsm, model, data, streams, warmup, s.batch(), step -> { });
        double rssWarm = Bench.currentRssMegabytes();
        double[] rss100 = {Double.NaN};
        long t0 = System.nanoTime();
        train(dsm, model, data, streams, timed, s.batch(), step -> {
            if (step == 100) rss100[0] = Bench.currentRssMegabytes();
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("steps_per_s", timed / seconds);
        out.put("steps", timed);
        out.put("params", net.parameterCount());
        out.put("batch", s.batch());
        out.put("rss_mb_after_warmup", rssWarm);
        if (timed >= 100) out.put("rss_mb_step_100", rss100[0]);
        out.put("rss_mb_end", Bench.currentRssMegabytes());
        return out;
    }

    private static void train(DenoisingScoreMatching dsm, NetworkScore model, INDArray data, RandomStreams streams, int steps, int batch,
                              IntConsumer afterStep) {
        Trainer.Options o = new Trainer.Options(steps, batch, 2e-3, 0, Trainer.LrSchedule.CONSTANT, 1.0, 0.999, 0);
        new Trainer(dsm, o).train(model, data, streams, null, (step, loss, gradNorm, lr) -> afterStep.accept(step));
    }
}
