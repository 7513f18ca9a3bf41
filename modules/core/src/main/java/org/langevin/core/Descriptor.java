package org.langevin.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a family member declares beside its implementation, read by validation, the studies and the catalogue tests
 * (nothing else lists family members).
 *
 * @param name the value of the family's selector key ({@code sampler.type: ddim})
 * @param summary one line: what it does and its source
 * @param nfePerStep score evaluations per step (samplers; 0 = adaptive, the cost is set by a tolerance)
 * @param needs what it requires of the other parts
 * @param gives what it offers the other parts (a data set's images, labels or closed-form law)
 * @param fragment a YAML resource beside the class with the member's own keys and their defaults, or null
 * @param variants further settings worth studying beside the defaults ({@code sampler.schedule=logsnr}), each a list of key=value
 * @param implies defaults the member sets for other families' keys (key=value) when the experiment file and --set leave them
 *     unset ({@code loss.type: flow_matching} trains a velocity, {@code score.parameterization: flow}, with uniform weighting)
 * @param noiseKey a key of the member's own whose positive value adds fresh noise to a sampler that is otherwise a
 *     probability-flow step (it then moves by the marginals' score too), or null
 */
public record Descriptor(String name, String summary, int nfePerStep, Set<Need> needs, Set<Need> gives, String fragment,
                         List<List<String>> variants, List<String> implies, String noiseKey) {

    /** What a member needs of the other parts of an experiment. */
    public enum Need {
        /** an unnormalized log density beside the score (Metropolis tests): an exact score */
        LOG_DENSITY,
        /** an SDE that is the limit of a discrete chain with a closed-form reversal ({@link Sde#ancestralChain}) */
        ANCESTRAL_CHAIN,
        /** the parameter gradient of the score's Jacobian trace (a network that differentiates its divergence gives it) */
        SCORE_DIVERGENCE,
        /** samples the equilibrium of a fixed noise level by MCMC instead of generating from the prior */
        EQUILIBRIUM,
        /** the data's Gaussian-mixture law as the prior, with score.type oracle (closed-form posteriors) */
        MIXTURE_PRIOR,
        /**
         * the score of the SDE's own marginals p_t, not only a flow between the end points: reverse-SDE and Langevin
         * moves (an OT-coupled flow-matching field is a flow whose marginals are not the SDE's)
         */
        MARGINAL_SCORE,
        /** images or clips: rows on a pixel grid (a data set gives it) */
        PIXEL_GRID,
        /** a class per row (a data set gives it: image classes, or the mixture component a point was drawn from) */
        LABELS,
        /** a data law with a closed-form density and score, a Gaussian mixture (a data set gives it) */
        MIXTURE_LAW,
        /** an exact score with its log density, which needs no training (a score model gives it) */
        EXACT_SCORE,
        /** free diffusion, no drift: dx = √(2D) dW (an SDE gives it) */
        FREE_DIFFUSION,
        /** trains a class-conditional score, one label per batch row (a loss gives it) */
        CLASS_CONDITIONAL,
        /** a network trained with given frames (train.frame_mask_p > 0), conditioned on the frames an operator observes */
        GIVEN_FRAMES,
        /** trains with given frames: the loss's target on a given frame is that frame's exact score (a loss gives it) */
        FRAME_MASK
    }

    public static Descriptor of(String name, String summary) {
        return new Descriptor(name, summary, 1, Set.of(), Set.of(), null, List.of(), List.of(), null);
    }

    public Descriptor nfe(int perStep) {
        return new Descriptor(name, summary, perStep, needs, gives, fragment, variants, implies, noiseKey);
    }

    /** This member with further needs, added to those it has. */
    public Descriptor needs(Need... more) {
        return new Descriptor(name, summary, nfePerStep, union(needs, more), gives, fragment, variants, implies, noiseKey);
    }

    /** This member offering more to the other parts, added to what it gives. */
    public Descriptor gives(Need... more) {
        return new Descriptor(name, summary, nfePerStep, needs, union(gives, more), fragment, variants, implies, noiseKey);
    }

    /** The member's keys: the resource {@code NAME.yaml} beside the registering class. */
    public Descriptor withFragment() {
        return new Descriptor(name, summary, nfePerStep, needs, gives, name + ".yaml", variants, implies, noiseKey);
    }

    public Descriptor variant(String... settings) {
        List<List<String>> all = new ArrayList<>(variants);
        all.add(List.of(settings));
        return new Descriptor(name, summary, nfePerStep, needs, gives, fragment, List.copyOf(all), implies, noiseKey);
    }

    /** This member with defaults for other families' keys ({@code score.parameterization=flow}), used where nothing sets them. */
    public Descriptor implying(String... settings) {
        List<String> all = new ArrayList<>(implies);
        all.addAll(List.of(settings));
        return new Descriptor(name, summary, nfePerStep, needs, gives, fragment, variants, List.copyOf(all), noiseKey);
    }

    /** This sampler with a key whose positive value makes its step stochastic ({@code sampler.eta}). */
    public Descriptor noisyWhenPositive(String key) {
        return new Descriptor(name, summary, nfePerStep, needs, gives, fragment, variants, implies, key);
    }

    /** Whether this member, as the settings configure it, moves by the marginals' score: it needs it, or its noise key is positive. */
    public boolean movesByMarginalScore(Settings s) {
        return has(Need.MARGINAL_SCORE) || (noiseKey != null && s.number(noiseKey, 0, Double.POSITIVE_INFINITY) > 0);
    }

    public boolean has(Need need) {
        return needs.contains(need);
    }

    public boolean offers(Need need) {
        return gives.contains(need);
    }

    private static Set<Need> union(Set<Need> some, Need... more) {
        EnumSet<Need> all = EnumSet.noneOf(Need.class);
        all.addAll(some);
        all.addAll(List.of(more));
        return Collections.unmodifiableSet(all);
    }
}
