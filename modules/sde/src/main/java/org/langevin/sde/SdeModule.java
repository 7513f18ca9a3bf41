package org.langevin.sde;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.function.Supplier;
import org.langevin.core.ConfigException;
import org.langevin.core.Descriptor;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Factories.SdeFactory;
import org.langevin.core.Registry;
import org.langevin.core.Sde;
import org.langevin.core.Settings;

/** The SDE families, one registration each; the keys they share are in sde.yaml. */
public final class SdeModule extends AbstractModule {
    /** Every SDE family by its {@code sde.type} name. */
    public static Registry<SdeFactory> registry() {
        return new Registry<SdeFactory>("sde.type", "sde.yaml", SdeModule.class)
                .add(Descriptor.of("vp", "variance preserving, β(t) linear (Ho et al. 2020; Song et al. 2021)"),
                        s -> checked("sde.beta_max", "sde.beta_min", () -> new VpSde(s.positive("sde.beta_min"), s.positive("sde.beta_max"))))
                .add(Descriptor.of("subvp", "sub-variance preserving (Song et al. 2021)"),
                        s -> checked("sde.beta_max", "sde.beta_min", () -> new SubVpSde(s.positive("sde.beta_min"), s.positive("sde.beta_max"))))
                .add(Descriptor.of("ve", "variance exploding, geometric σ(t) (Song & Ermon 2019)"),
                        s -> checked("sde.sigma_max", "sde.sigma_min", () -> new VeSde(auto(s, "sde.sigma_min", 0.01), auto(s, "sde.sigma_max", 50))))
                .add(Descriptor.of("edm", "σ(t) = t (Karras et al. 2022)"),
                        s -> checked("sde.sigma_max", "sde.sigma_min", () -> new EdmSde(auto(s, "sde.sigma_min", 0.002), auto(s,
                                "sde.sigma_max", 80))))
                .add(Descriptor.of("brownian", "Brownian motion dx = √(2D) dW (Einstein 1905)").variant("sde.diffusion_coefficient=0.7")
                                .gives(Need.FREE_DIFFUSION),
                        s -> new BrownianSde(s.positive("sde.diffusion_coefficient"), auto(s, "sde.horizon", 50)))
                .add(Descriptor.of("ou", "Ornstein–Uhlenbeck dx = −θx dt + √(2D) dW (1930)").withFragment()
                                .variant("sde.theta=1.5", "sde.diffusion_coefficient=0.8"),
                        s -> new OrnsteinUhlenbeckSde(s.positive("sde.theta"), s.positive("sde.diffusion_coefficient"),
                                auto(s, "sde.horizon", 5 / s.positive("sde.theta"))))
                .add(Descriptor.of("rectified_flow", "the straight interpolant x_t = (1 − t) x0 + t z (Liu et al. 2023; Lipman et al. 2023)")
                                .variant("sde.horizon=0.99"),
                        s -> new InterpolantSde.RectifiedFlow(interpolantEnd(s)))
                .add(Descriptor.of("trig", "the trigonometric interpolant x_t = cos(½πt) x0 + sin(½πt) z (Albergo & Vanden-Eijnden 2023)"),
                        s -> new InterpolantSde.Trigonometric(interpolantEnd(s)));
    }

    @Provides
    @Singleton // one registry per process: every lookup sees the same members
    Registry<SdeFactory> sdes() {
        return registry();
    }

    /** The family checks its own invariant (min below max); a violation is reported under the two keys that set it. */
    private static Sde checked(String maxKey, String minKey, Supplier<Sde> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(maxKey, "must be greater than " + minKey + " (" + e.getMessage() + ")");
        }
    }

    /** sde.horizon of an interpolant: its end time T = 1 − δ in [0.5, 1) (auto 0.999), short of m = 0 at t = 1. */
    private static double interpolantEnd(Settings s) {
        return s.isAuto("sde.horizon") ? 0.999 : s.number("sde.horizon", 0.5, Math.nextDown(1.0));
    }

    private static double auto(Settings s, String key, double auto) {
        return s.isAuto(key) ? auto : s.positive(key);
    }
}
