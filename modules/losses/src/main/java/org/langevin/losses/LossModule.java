package org.langevin.losses;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.List;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Descriptor;
import org.langevin.core.Factories.LossFactory;
import org.langevin.core.Registry;
import org.langevin.core.Sde;
import org.langevin.core.Settings;

/** The losses, one registration each; the keys they share (noise levels, sliced projections) are in loss.yaml. */
public final class LossModule extends AbstractModule {
    /** Every loss by its {@code loss.type} name. */
    public static Registry<LossFactory> registry() {
        return new Registry<LossFactory>("loss.type", "loss.yaml", LossModule.class)
                .add(Descriptor.of("dsm", "denoising score matching (Vincent 2011; Song et al. 2021)").gives(Need.CLASS_CONDITIONAL, Need.FRAME_MASK)
                                .variant("loss.weighting=likelihood", "loss.t_sampling=importance").variant("loss.weighting=uniform"),
                        (s, sde, data) -> new DenoisingScoreMatching(levels(s, sde, data)))
                .add(Descriptor.of("ssm", "sliced score matching, finite-difference directional derivative (Song et al. 2019)"),
                        (s, sde, data) -> sliced(s, sde, data, false))
                .add(Descriptor.of("ssm_vr", "sliced score matching with variance reduction (Song et al. 2019)"),
                        (s, sde, data) -> sliced(s, sde, data, true))
                .add(Descriptor.of("ksd", "kernel Stein discrepancy per noise level (Liu et al. 2016)").withFragment(),
                        (s, sde, data) -> new KernelSteinDiscrepancy(levels(s, sde, data), s.option("loss.kernel",
                                KernelSteinDiscrepancy.Kernel.class),
                                bandwidth(s), s.integer("loss.groups", 1)))
                .add(Descriptor.of("esm", "exact (Hyvärinen 2005) score matching with the Jacobian trace").needs(Need.SCORE_DIVERGENCE),
                        (s, sde, data) -> new ExactScoreMatching(levels(s, sde, data)))
                .add(Descriptor.of("flow_matching",
                        "conditional flow matching of the velocity m′x0 + σ′z (Lipman et al. 2023; OT-CFM, Tong et al. 2024)")
                                .withFragment().implying("score.parameterization=flow", "loss.weighting=uniform")
                                .variant("loss.coupling=ot", "sampler.type=ode_heun", "sampler.steps=50"),
                        (s, sde, data) -> new FlowMatching(flowLevels(s, sde, data), s.choice("loss.coupling", List.of("independent", "ot"))
                                .equals("ot"), s.integer("loss.ot_batch", 0)));
    }

    @Provides
    @Singleton // one registry per process: every lookup sees the same members
    Registry<LossFactory> losses() {
        return registry();
    }

    /** loss.bandwidth: auto (the median distance to the k-th nearest neighbour, k = loss.bandwidth_k), median (the median heuristic) or a fixed h. */
    private static KernelSteinDiscrepancy.Bandwidth bandwidth(Settings s) {
        if (s.isAuto("loss.bandwidth")) return new KernelSteinDiscrepancy.Bandwidth.Neighbours(s.integer("loss.bandwidth_k", 1));
        if (s.string("loss.bandwidth").equals("median")) return new KernelSteinDiscrepancy.Bandwidth.Median();
        return new KernelSteinDiscrepancy.Bandwidth.Fixed(s.positive("loss.bandwidth"));
    }

    private static SlicedScoreMatching sliced(Settings s, Sde sde, Dataset data, boolean varianceReduced) {
        return new SlicedScoreMatching(levels(s, sde, data), s.integer("loss.projections", 1),
                s.option("loss.projection", SlicedScoreMatching.Projection.class),
                varianceReduced, s.positive("loss.fd_step"));
    }

    /**
     * Whether the configured loss trains on an optimal-transport pairing of data and noise: a flow whose marginals are
     * not the SDE's, which only probability-flow samplers may follow.
     */
    public static boolean otCoupled(Settings s) {
        return s.string("loss.type").equals("flow_matching") && s.string("loss.coupling").equals("ot");
    }

    /** The noise levels of a loss that pairs each data point with independent noise (all but flow matching's ot coupling). */
    static NoiseLevels levels(Settings s, Sde sde, Dataset data) {
        if (!s.string("loss.coupling").equals("independent")) {
            throw new ConfigException("loss.coupling", "'" + s.string("loss.coupling")
                    + "' pairs data and noise for loss.type flow_matching only, not '"
                    + s.string("loss.type") + "'");
        }
        return noiseLevels(s, sde, data);
    }

    /** Flow matching weighs the velocity's error, (g⁴/4)‖s + z/σ‖² per level: the papers' edm and min_snr weights are defined on other errors. */
    private static NoiseLevels flowLevels(Settings s, Sde sde, Dataset data) {
        NoiseLevels.Weighting weighting = s.option("loss.weighting", NoiseLevels.Weighting.class);
        if (weighting == NoiseLevels.Weighting.EDM || weighting == NoiseLevels.Weighting.MIN_SNR) {
            throw new ConfigException("loss.weighting", "'" + s.string("loss.weighting")
                    + "' weighs the denoiser's or the noise's error; flow_matching "
                    + "weighs the velocity's: use uniform (its default), sigma2 or likelihood");
        }
        return noiseLevels(s, sde, data);
    }

    /** loss.weighting, loss.t_sampling and their shapes: P_mean, P_std (lognormal), σ_d (edm; score.sigma_data, auto: the data's std), γ
     * (min_snr). */
    private static NoiseLevels noiseLevels(Settings s, Sde sde, Dataset data) {
        NoiseLevels.Weighting weighting = s.option("loss.weighting", NoiseLevels.Weighting.class);
        NoiseLevels.Sampling sampling = s.option("loss.t_sampling", NoiseLevels.Sampling.class);
        double sigmaData = weighting == NoiseLevels.Weighting.EDM ? data.sigmaData(s) : NoiseLevels.Shape.DEFAULT.sigmaData();
        NoiseLevels.Shape shape = new NoiseLevels.Shape(s.number("loss.p_mean", -20, 20), s.positive("loss.p_std"), sigmaData,
                s.positive("loss.snr_gamma"));
        return new NoiseLevels(sde, s.number("loss.eps", Double.MIN_VALUE, sde.horizon() / 2), weighting, sampling, shape);
    }
}
