package org.langevin.experiment.assembly;

import java.util.Arrays;
import java.util.Optional;
import org.langevin.core.ClassConditional;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.Descriptor;
import org.langevin.core.FrameConditional;
import org.langevin.core.ScoreModel;
import org.langevin.core.Settings;
import org.langevin.experiment.config.Catalogue;
import org.langevin.training.BatchCondition;

/** The rules of class-conditional training and sampling, checked before any run, and the labels a training takes. */
public final class Conditioning {
    private Conditioning() {}

    static void check(Settings s, Descriptor loss, ScoreModel score, ExperimentParts.RunPlan plan, Dataset data, Descriptor sampler) {
        if (plan.frameMaskP() > 0 && !loss.offers(Descriptor.Need.FRAME_MASK)) {
            throw new ConfigException("train.frame_mask_p", "trains with " + Catalogue.losses().choicesOffering(Descriptor.Need.FRAME_MASK)
                    + " (its target on a given frame is that frame's exact score), not '" + loss.name() + "'");
        }
        if (s.flag("score.conditional") && !loss.offers(Descriptor.Need.CLASS_CONDITIONAL)) {
            throw new ConfigException("score.conditional", "trains with " + Catalogue.losses().choicesOffering(Descriptor.Need.CLASS_CONDITIONAL)
                    + " (one label per batch row), not '" + loss.name() + "'");
        }
        if (plan.label() < 0) {
            if (plan.guidanceScale() != 0) {
                throw new ConfigException("sampler.guidance_scale", "guides the samples toward sampler.label's class, and sampler.label is none: "
                        + "set sampler.label, or leave sampler.guidance_scale at 0");
            }
            return;
        }
        int classes = score instanceof ClassConditional c ? c.classes() : 0;
        if (classes == 0) {
            throw new ConfigException("sampler.label", "needs a class-conditional score: score.conditional true on labelled data "
                    + "(" + MemberNeeds.choices(Descriptor.Need.LABELS) + "), or "
                    + Catalogue.scores().choicesOffering(Descriptor.Need.EXACT_SCORE));
        }
        if (plan.label() >= classes) throw new ConfigException("sampler.label", "must be a class from 0 to " + (classes - 1) + ", got "
                + plan.label());
        if (data.labels().isPresent() && Arrays.stream(data.labels().get().test()).noneMatch(l -> l == plan.label())) {
            throw new ConfigException("sampler.label", "no test row of class " + plan.label() + " to compare its samples with; draw more test data");
        }
        if (plan.guidanceScale() > 0 && (sampler.has(Descriptor.Need.LOG_DENSITY) || s.string("sampler.corrector").equals("mala"))) {
            throw new ConfigException("sampler.guidance_scale", "a guided score has no log density for '" + sampler.name() + "'"
                    + (sampler.has(Descriptor.Need.LOG_DENSITY) ? "" : " with sampler.corrector mala") + ": use 0, or a sampler and corrector "
                    + "that need only the score");
        }
        if (plan.guidanceScale() > 0 && s.flag("score.conditional") && plan.labelDropout() == 0) {
            throw new ConfigException("sampler.guidance_scale", "guidance needs the unconditional score, which a network learns only with "
                    + "train.label_dropout > 0");
        }
    }

    /** An inverse method that gives a network the observed frames needs one trained with given frames. */
    static void checkMethod(Descriptor method, ScoreModel score) {
        if (method.has(Descriptor.Need.GIVEN_FRAMES) && !(score instanceof FrameConditional f && f.givenFrameSlots() > 0)) {
            throw new ConfigException("inverse.method", "'" + method.name() + "' needs a network trained with given frames (score.type unet on "
                    + "clip data with train.frame_mask_p > 0); with this score use one of "
                    + Catalogue.methods().notNeeding(Descriptor.Need.GIVEN_FRAMES));
        }
    }

    /** What each training batch conditions on: the labels of a class-conditional network, the given frames of masked-frame training. */
    public static Optional<BatchCondition> training(ScoreModel net, ExperimentParts.RunPlan plan) {
        BatchCondition labels = net instanceof ClassConditional c && c.classes() > 0 ? new BatchCondition.Labels(c.classes(), plan.labelDropout())
                : null;
        BatchCondition frames = net instanceof FrameConditional f && f.givenFrameSlots() > 0
                ? new BatchCondition.FrameMask(f.givenFrameSlots(), plan.frameMaskP()) : null;
        BatchCondition stills = net instanceof FrameConditional f && f.takesStills() ? new BatchCondition.Stills() : null;
        BatchCondition all = null;
        for (BatchCondition c : new BatchCondition[] {labels, stills, frames}) all = all == null ? c : all.then(c);
        return Optional.ofNullable(all);
    }
}
