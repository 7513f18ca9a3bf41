package org.langevin.score;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.Descriptor;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Factories.ScoreFactory;
import org.langevin.core.MachineMemory;
import org.langevin.core.PixelGrid;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.Registry;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Settings;
import org.langevin.nn.Activation;
import org.langevin.nn.FourierMlp;
import org.langevin.nn.UNet;
import org.langevin.nn.UNetSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The score models, one registration each; a network's output becomes a score by {@code score.parameterization}. */
public final class ScoreModule extends AbstractModule {
    /** The parameterization names. */
    public static final List<String> PARAMETERIZATIONS = List.of("score", "noise", "data", "velocity", "flow", "edm", "energy");

    /** Every score model by its {@code score.type} name. */
    public static Registry<ScoreFactory> registry() {
        return new Registry<ScoreFactory>("score.type", "score.yaml", ScoreModule.class)
                .add(Descriptor.of("mlp", "a residual MLP with Fourier time features; differentiates its divergence").withFragment()
                        .gives(Need.SCORE_DIVERGENCE), ScoreModule::mlp)
                .add(Descriptor.of("unet", "a U-Net for images and clips (Ronneberger et al. 2015; Ho et al. 2020); differentiates its divergence")
                        .withFragment().needs(Need.PIXEL_GRID).gives(Need.SCORE_DIVERGENCE), ScoreModule::unet)
                .add(Descriptor.of("oracle", "the exact score of a Gaussian-mixture data law under the SDE").needs(Need.MIXTURE_LAW)
                        .gives(Need.EXACT_SCORE), ScoreModule::oracle);
    }

    private static ScoreModel oracle(Settings s, Sde sde, Dataset data, RandomStreams streams) {
        refuseInitFrom(s);
        return new OracleScore(data.truth().orElseThrow(() -> new ConfigException("score.type", "'oracle' needs data whose density is "
                + "known in closed form, got data.type '" + data.name() + "'")), sde);
    }

    @Provides
    @Singleton // one registry per process: every lookup sees the same members
    Registry<ScoreFactory> scores() {
        return registry();
    }

    private static ScoreModel mlp(Settings s, Sde sde, Dataset data, RandomStreams streams) {
        for (String key : new String[] {"train.frame_mask_p", "data.image_fraction"}) {
            if (s.number(key, 0, 1) > 0) throw new ConfigException(key, "conditions a clip U-Net on frames (score.type unet on clip data): use 0");
        }
        refuseInitFrom(s);
        Parameterization p = parameterization(s, data, sde);
        int width = s.integer("score.width", 1);
        int depth = s.integer("score.depth", 1);
        // weights, their gradient and Adam's two moments, in double precision, before any of them is allocated
        double weights = (double) width * (data.dim() + embedding(s)) + (double) (depth - 1) * width * width + (double) width * data.dim();
        MachineMemory.need("score.width", 8 * 4 * weights, "an MLP of " + depth + " layers of width " + width);
        int batch = s.integer("train.batch_size", 1); // forward values, their gradients and the second-order pass of every layer
        MachineMemory.need("train.batch_size", 8.0 * 3 * batch * width * depth, "training batches of " + batch + " through "
                + depth + " layers of width " + width);
        int[] hidden = new int[depth];
        Arrays.fill(hidden, width);
        RandomStream init = streams.get("init/network");
        int classes = classes(s, data);
        boolean energy = energy(s);
        refuseConditionalEnergy(energy, classes);
        FourierMlp net = new FourierMlp(data.dim(), hidden, embedding(s), fourierScale(s, p), classes, energy ? 1 : data.dim(),
                s.option("score.activation", Activation.class), s.flag("score.residual"), dataType(s), init);
        INDArray parameters = net.initialParameters(init);
        return energy ? new EnergyScore(net, EnergyReadout.SCALAR, p, sde, parameters) : new NetworkScore(net, p, sde, parameters, classes, null);
    }

    private static void refuseConditionalEnergy(boolean energy, int classes) {
        if (energy && classes > 0) throw new ConfigException("score.conditional",
                "a class-conditional energy model is not built: use score.parameterization "
                + "noise (or another vector parameterization) with score.conditional, or drop score.conditional");
    }

    private static ScoreModel unet(Settings s, Sde sde, Dataset data, RandomStreams streams) {
        Parameterization p = parameterization(s, data, sde);
        PixelGrid grid = data.grid().orElseThrow(() -> new ConfigException("score.type",
                "'unet' needs image or clip data, got data.type '" + data.name() + "'"));
        int[] channels = channels(s);
        int groups = s.integer("score.groups", 0);
        try {
            UNet.checkGroups(channels, groups);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("score.groups", e.getMessage());
        }
        int classes = classes(s, data);
        boolean energy = energy(s);
        refuseConditionalEnergy(energy, classes);
        VideoNetwork video = s.option("score.video", VideoNetwork.class);
        if (video == VideoNetwork.STACKED && grid.frames() == 1) {
            throw new ConfigException("score.video", "'stacked' puts a clip's frames in the channels of one image, and data.type '"
                    + data.name() + "' gives single images: use factorized or clip data");
        }
        int given = givenFrames(s, grid, data, energy);
        boolean stills = stills(s, grid, video);
        if (!s.string("score.init_from").isBlank() && (grid.frames() == 1 || video == VideoNetwork.STACKED)) {
            throw new ConfigException("score.init_from", "starts a factorized clip network from an image run's spatial layers; here "
                    + (grid.frames() == 1 ? "data.type '" + data.name() + "' gives single images" : "score.video is stacked") + ": leave it empty");
        }
        RandomStream init = streams.get("init/network");
        UNet net;
        try {
            net = new UNet(video.networkGrid(grid), UNetSpec.of(channels, groups, embedding(s), fourierScale(s, p), s.flag("score.attention"))
                    .withClasses(classes).withGivenFrames(given).withTemporalAttention(temporalAttention(s, grid, video)).withStills(stills),
                    dataType(s), init);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("score.channels", e.getMessage());
        }
        INDArray parameters = net.initialParameters(init);
        // the energy U-Net: E read out as ½ ⟨u, F(u, τ)⟩ of the same network (its output layer is zero at first, as for a score)
        return energy ? new EnergyScore(net, EnergyReadout.HALF_INNER_PRODUCT, p, sde, parameters) : new NetworkScore(net, p, sde, parameters,
                NetworkConditions.of(classes, stills, given));
    }

    /** data.image_fraction > 0: a factorized clip network that takes a stills flag (its frame-mixing layers maskable). */
    private static boolean stills(Settings s, PixelGrid grid, VideoNetwork video) {
        if (s.number("data.image_fraction", 0, 1) == 0) return false;
        if (grid.frames() == 1 || video == VideoNetwork.STACKED || s.flag("score.attention")) {
            throw new ConfigException("data.image_fraction", "mixes stills into clip batches for a factorized clip network whose frame-mixing "
                    + "layers it can switch off; " + (grid.frames() == 1 ? "these are single images" : video == VideoNetwork.STACKED
                    ? "score.video is stacked" : "score.attention spans every frame") + ": use 0");
        }
        return true;
    }

    /** score.init_from belongs to the U-Net. */
    private static void refuseInitFrom(Settings s) {
        if (!s.string("score.init_from").isBlank()) {
            throw new ConfigException("score.init_from", "starts a clip U-Net (score.type unet) from an image run: leave it empty");
        }
    }

    /** score.temporal_attention: factorized clip networks only. */
    private static boolean temporalAttention(Settings s, PixelGrid grid, VideoNetwork video) {
        if (!s.flag("score.temporal_attention")) return false;
        if (grid.frames() == 1 || video == VideoNetwork.STACKED) throw new ConfigException("score.temporal_attention", "attends along the frames "
                + "of a factorized clip network; " + (grid.frames() == 1 ? "these are single images" : "score.video is stacked") + ": use false");
        return true;
    }

    /** train.frame_mask_p > 0: the U-Net takes a flag per frame (given clean or not); F on clip data, else refused. */
    private static int givenFrames(Settings s, PixelGrid grid, Dataset data, boolean energy) {
        if (s.number("train.frame_mask_p", 0, 1) == 0) return 0;
        if (grid.frames() == 1) throw new ConfigException("train.frame_mask_p", "gives some frames of a clip clean, and data.type '"
                + data.name() + "' gives single images: use clip data or 0");
        if (energy) throw new ConfigException("train.frame_mask_p", "conditions a vector score network on given frames: use score.parameterization "
                + "noise, edm (or another vector parameterization), or 0");
        return grid.frames();
    }

    /** score.conditional: the data's number of classes (a label embedding beside the time embedding), else 0. */
    private static int classes(Settings s, Dataset data) {
        if (!s.flag("score.conditional")) return 0;
        return data.labels().orElseThrow(() -> new ConfigException("score.conditional", "needs labelled data, got data.type '" + data.name()
                + "'")).classes();
    }

    private static int embedding(Settings s) {
        int embedding = s.integer("score.embedding_dim", 2);
        if (embedding % 2 != 0) throw new ConfigException("score.embedding_dim", "must be even (sin and cos pairs), got " + embedding);
        return embedding;
    }

    private static double fourierScale(Settings s, Parameterization p) {
        return s.isAuto("score.fourier_scale") ? p.fourierScale() : s.positive("score.fourier_scale");
    }

    /** score.channels: the U-Net's channels per resolution level, positive integers. */
    private static int[] channels(Settings s) {
        double[] values = s.vector("score.channels");
        if (values.length == 0) throw new ConfigException("score.channels", "needs at least one level, e.g. [32, 64]");
        int[] widths = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 1) || values[i] != Math.rint(values[i])) {
                throw new ConfigException("score.channels", "must be positive integers, got " + Arrays.toString(values));
            }
            widths[i] = (int) values[i];
        }
        return widths;
    }

    /** score.parameterization energy: a scalar network whose negative gradient is the score. */
    private static boolean energy(Settings s) {
        return s.choice("score.parameterization", PARAMETERIZATIONS).equals("energy");
    }

    /** Whether the configured parameterization scales its inputs by the data's σ_d (EDM's preconditioning). */
    public static boolean scalesBySigmaData(Settings s) {
        return s.choice("score.parameterization", PARAMETERIZATIONS).equals("edm");
    }

    /** The affine coefficients; an energy model uses the noise coefficients on its gradient (E = Φ/σ_t, ∇Φ predicts ε). */
    static Parameterization parameterization(Settings s, Dataset data, Sde sde) {
        return switch (s.choice("score.parameterization", PARAMETERIZATIONS)) {
            case "energy" -> Parameterization.NOISE;
            case "flow" -> Parameterization.flow(sde);
            case "score" -> Parameterization.SCORE;
            case "noise" -> Parameterization.NOISE;
            case "data" -> Parameterization.DATA;
            case "velocity" -> Parameterization.VELOCITY;
            default -> Parameterization.edm(data.sigmaData(s));
        };
    }

    private static DataType dataType(Settings s) {
        return s.choice("score.dtype", List.of("float32", "float64")).equals("float64") ? DataType.DOUBLE : DataType.FLOAT;
    }
}
