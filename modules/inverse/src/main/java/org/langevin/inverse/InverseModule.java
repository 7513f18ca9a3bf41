package org.langevin.inverse;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Optional;
import org.langevin.core.ConfigException;
import org.langevin.core.Descriptor;
import org.langevin.core.PixelGrid;
import org.langevin.core.SampleChunks;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Factories.OperatorFactory;
import org.langevin.core.Factories.PosteriorFactory;
import org.langevin.core.Registry;
import org.langevin.core.Settings;
import org.langevin.samplers.SamplerModule;

/**
 * Inverse problems: the measurement operators ({@code inverse.operator}, built by {@link Operators}) and the
 * posterior samplers ({@code inverse.method}), one registration each. The approximate methods step on the time grid
 * of the sampler keys ({@code sampler.steps}, {@code schedule}, {@code eps}, {@code denoise}); {@code exact} drives
 * the configured {@code sampler.type} with the exact conditional score.
 */
public final class InverseModule extends AbstractModule {

    public static Registry<OperatorFactory> operators() {
        return new Registry<OperatorFactory>("inverse.operator", "operator.yaml", InverseModule.class)
                .add(Descriptor.of("none", "nothing is measured: unconditional sampling"), (s, data, streams) -> Optional.empty())
                .add(Descriptor.of("mask", "observes coordinates or pixels (inverse.mask, or mask_shape box | half | random)"), Operators::mask)
                .add(Descriptor.of("matrix", "any linear A given as inverse.matrix (m rows of length D)"), Operators::matrix)
                .add(Descriptor.of("blur", "a Gaussian blur of std inverse.blur_sigma pixels (images, clips)"), Operators::blur)
                .add(Descriptor.of("downsample", "average pooling by inverse.factor (super-resolution)"), Operators::downsample)
                .add(Descriptor.of("frames", "observes the clip frames inverse.frames (prediction, interpolation)"), Operators::frames);
    }

    public static Registry<PosteriorFactory> methods() {
        return new Registry<PosteriorFactory>("inverse.method", "inverse.yaml", InverseModule.class)
                .add(Descriptor.of("exact", "the exact conditional score of a mixture prior, with the configured sampler").nfe(0)
                        .needs(Need.MIXTURE_PRIOR),
                        (s, sde, base, data) -> new ExactPosteriorSampler(data.truth().orElseThrow(), sde, base))
                .add(Descriptor.of("replacement", "imputation: the measured part replaced by a noised y (Song et al. 2021)"),
                        (s, sde, base, data) -> new ReplacementSampler(sde, SamplerModule.grid(s, sde), s.flag("sampler.denoise"), 1, eta(s)))
                .add(Descriptor.of("repaint", "replacement with inverse.resample_steps jumps back per step (Lugmayr et al. 2022)")
                                .variant("inverse.resample_steps=5"),
                        (s, sde, base, data) -> new ReplacementSampler(sde, SamplerModule.grid(s, sde), s.flag("sampler.denoise"),
                                s.integer("inverse.resample_steps", 1), eta(s)))
                .add(Descriptor.of("dps", "diffusion posterior sampling, step inverse.step_size (Chung et al. 2023)").nfe(2),
                        (s, sde, base, data) -> new DpsSampler(sde, SamplerModule.grid(s, sde), s.flag("sampler.denoise"),
                                s.positive("inverse.step_size"),
                                s.positive("inverse.dps_max_move"), eta(s)))
                .add(Descriptor.of("pigdm", "pseudo-inverse guided diffusion, ΠGDM (Song et al. 2023)").nfe(2),
                        (s, sde, base, data) -> new PigdmSampler(sde, SamplerModule.grid(s, sde), s.flag("sampler.denoise"), eta(s),
                                data.sigmaData(s),
                                pigdmStep(s)))
                .add(Descriptor.of("ddrm",
                        "denoising diffusion restoration, DDRM (Kawar et al. 2022): the SVD of A, inverse.ddrm_eta, inverse.ddrm_eta_b"),
                        (s, sde, base, data) -> new DdrmSampler(sde, SamplerModule.grid(s, sde), s.flag("sampler.denoise"),
                                s.number("inverse.ddrm_eta", 0, 1), s.number("inverse.ddrm_eta_b", 0, 1)))
                .add(Descriptor.of("conditional", "a network trained with given frames (train.frame_mask_p) given the observed frames: "
                                + "prediction and interpolation (Voleti et al. 2022)").needs(Need.GIVEN_FRAMES),
                        (s, sde, base, data) -> new ConditionalFramesSampler(base, data.grid().map(PixelGrid::frames).orElse(1),
                                SampleChunks.configured(s)))
                .add(Descriptor.of("smc", "twisted sequential Monte Carlo over inverse.particles (Wu et al. 2023): asymptotically exact").nfe(2)
                                .variant("inverse.particles=64"),
                        (s, sde, base, data) -> new TwistedSmcSampler(sde, SamplerModule.grid(s, sde), s.flag("sampler.denoise"),
                                s.integer("inverse.particles", 1),
                                data.sigmaData(s)));
    }

    @Provides
    @Singleton // one registry per process: every lookup sees the same members
    Registry<OperatorFactory> operatorRegistry() {
        return operators();
    }

    @Provides
    @Singleton
    Registry<PosteriorFactory> methodRegistry() {
        return methods();
    }

    /** inverse.pigdm_step: score (the paper's s + g) or projection (m_t m_t′ r_t² g); auto: score for an exact (oracle) score, projection for a
     * network. */
    private static PigdmSampler.Step pigdmStep(Settings s) {
        if (s.isAuto("inverse.pigdm_step")) return s.string("score.type").equals("oracle") ? PigdmSampler.Step.SCORE : PigdmSampler.Step.PROJECTION;
        return s.option("inverse.pigdm_step", PigdmSampler.Step.class);
    }

    private static double eta(Settings s) {
        return s.number("inverse.eta", 0, 1);
    }

    /** The measurement noise σ_y, in data units. */
    public static double noise(Settings s) {
        double noise = s.number("inverse.noise", 0, Double.POSITIVE_INFINITY);
        if (Double.isInfinite(noise)) throw new ConfigException("inverse.noise", "must be finite, got " + noise);
        return noise;
    }
}
