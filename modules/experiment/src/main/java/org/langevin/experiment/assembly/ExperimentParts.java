package org.langevin.experiment.assembly;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.langevin.core.ClassConditional;
import org.langevin.core.ComputeThreads;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.DensityModel;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.Descriptor;
import org.langevin.core.Factories;
import org.langevin.core.LikelihoodEstimator;
import org.langevin.core.LinearOperator;
import org.langevin.core.Loss;
import org.langevin.core.MixturePosterior;
import org.langevin.core.PosteriorSampler;
import org.langevin.core.RandomStreams;
import org.langevin.core.Registry;
import org.langevin.core.Sampler;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Settings;
import org.langevin.core.TrainableScore;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.langevin.experiment.config.OutboundNames;
import org.langevin.experiment.config.ResolvedSettings;
import org.langevin.inverse.InverseModule;
import org.langevin.lineage.LineageExperiment;
import org.langevin.losses.LossModule;
import org.langevin.training.PowerEma;
import org.langevin.training.Trainer;

/**
 * The interchangeable parts of one experiment, each picked by name from its family's {@link Registry}
 * ({@code sde.type: vp} → the {@code "vp"} member) and built from the resolved configuration, with what the run itself
 * reads ({@link RunPlan}). Building them reads and validates every key, and the rules between families that the
 * descriptors state, so a bad configuration fails here, before any run is created.
 */
public record ExperimentParts(Settings settings, RandomStreams streams, Dataset data, Sde sde, ScoreModel score, Optional<Loss> loss,
                              Optional<Trainer.Options> training, Sampler sampler, LikelihoodEstimator likelihood,
                              Optional<LineageExperiment> lineage, RunPlan plan, Optional<InverseProblem> inverse) {

    /** The measurement operator, its noise σ_y (data units) and the posterior sampler, when inverse.operator is not none. */
    public record InverseProblem(LinearOperator operator, double noise, PosteriorSampler method) {}

    /** What the run reads besides the parts: samples, NLL points, logging, reuse, and how training batches are conditioned. */
    public record RunPlan(int samples, boolean likelihood, int likelihoodPoints, int logEvery, boolean reuse, double labelDropout, int label,
                          double guidanceScale, int[] nfeBudgets, double frameMaskP, double imageFraction) {
        static RunPlan of(Settings s) {
            return new RunPlan(s.integer("sampler.n_samples", 1), s.flag("likelihood.enabled"), s.integer("likelihood.n_points", 1),
                    s.integer("train.log_every", 1), s.flag("train.reuse"), s.number("train.label_dropout", 0, 1),
                    s.string("sampler.label").equals("none") ? -1 : s.integer("sampler.label", 0),
                    s.number("sampler.guidance_scale", 0, Double.POSITIVE_INFINITY), budgets(s), s.number("train.frame_mask_p", 0, 1),
                    s.number("data.image_fraction", 0, 1));
        }

        /** The largest NFE budget: a sampler's steps are at most 100,000. */
        private static final int MAX_BUDGET = 100_000;

        /** sampler.nfe_budgets: positive whole numbers of network evaluations. */
        private static int[] budgets(Settings s) {
            double[] values = s.vector("sampler.nfe_budgets");
            int[] budgets = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                if (!(values[i] >= 1 && values[i] <= MAX_BUDGET) || values[i] != Math.rint(values[i])) {
                    throw new ConfigException("sampler.nfe_budgets", "must be whole numbers of network evaluations from 1 to " + MAX_BUDGET
                            + ", e.g. [5, 10, 20, 50], got "
                            + Arrays.toString(values));
                }
                budgets[i] = (int) values[i];
            }
            return budgets;
        }
    }

    public static ExperimentParts build(ExperimentConfig config) {
        Settings s = config.settings();
        RandomStreams streams = new RandomStreams(s.longValue("seed"));
        // every family name first, so the first error is about the name
        Registry.Member<Factories.DataFactory> dataMember = Catalogue.data().pick(s);
        Registry.Member<Factories.SdeFactory> sdeMember = Catalogue.sdes().pick(s);
        Registry.Member<Factories.ScoreFactory> scoreMember = Catalogue.scores().pick(s);
        Registry.Member<Factories.LossFactory> lossMember = Catalogue.losses().pick(s);
        Registry.Member<Factories.SamplerFactory> samplerMember = Catalogue.samplers().pick(s);
        Registry.Member<Factories.LikelihoodFactory> likelihoodMember = Catalogue.likelihoods().pick(s);
        Registry.Member<Factories.OperatorFactory> operatorMember = Catalogue.operators().pick(s);
        Registry.Member<Factories.PosteriorFactory> methodMember = Catalogue.methods().pick(s);
        Optional<Registry.Member<LineageExperiment.Factory>> lineageMember = s.string("lineage.type").isEmpty()
                ? Optional.empty() : Optional.of(Catalogue.lineages().pick(s));

        MemberNeeds.check(s);
        OutboundNames.check(s);
        Sde sde = sdeMember.factory().create(s);
        Trainer.Options training = trainingOptions(s);
        Descriptor sampling = samplerMember.descriptor();
        Sampler sampler = checkedSampler(s, sde, sdeMember.descriptor().name(), samplerMember);
        RunPlan plan = RunPlan.of(s);
        for (String other : plan.nfeBudgets().length == 0 ? List.<String>of() : Catalogue.deterministicSamplers()) { // the NFE sweep's samplers
            Settings variant = ExperimentConfig.fromYaml(config.toYaml(), "sampler.nfe_budgets", List.of("sampler.type=" + other)).settings();
            checkedSampler(variant, sde, sdeMember.descriptor().name(), Catalogue.samplers().pick(variant));
        }
        Dataset data;
        try {
            data = dataMember.factory().create(s).load(streams);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.path", e.getMessage());
        }
        if (data.train().rows() == 0 || data.test().rows() == 0) {
            throw new ConfigException("data.path", "the " + (data.train().rows() == 0 ? "training" : "test") + " split of data.type "
                    + s.string("data.type") + " holds no rows");
        }
        FidPassKeys.check(s, data);
        WorkerKeys.check(s);
        ComputeThreads.use(ComputeThreads.resolve(s, data.grid().map(g -> g.height() * g.width()).orElse(0)));
        Loss loss = lossMember.factory().create(s, sde, data); // after the data: a weighting may need the data's σ_d
        loss.batchProblem(training.batchSize()).ifPresent(problem -> {
            throw new ConfigException("train.batch_size", problem);
        });
        LikelihoodEstimator likelihood = likelihoodMember.factory().create(s, sde, data);
        ScoreModel score = scoreMember.factory().create(s, sde, data, streams);
        MemoryBudget.check(s, data.dim(), score instanceof TrainableScore && lineageMember.isEmpty(), plan.likelihood(),
                lossMember.descriptor().has(Need.SCORE_DIVERGENCE));
        if (sampling.has(Need.LOG_DENSITY) && !(score instanceof DensityModel)) {
            throw new ConfigException("sampler.type", "'" + sampling.name() + "' needs a log density as well as a score: "
                    + "use " + Catalogue.scores().choicesOffering(Need.EXACT_SCORE) + ", score.parameterization energy, or a sampler that needs "
                    + "only the score: one of "
                    + Catalogue.samplers().notNeeding(Need.LOG_DENSITY));
        }
        if (s.string("sampler.corrector").equals("mala") && !(score instanceof DensityModel)) {
            throw new ConfigException("sampler.corrector", "'mala' needs a log density as well as a score: use "
                    + Catalogue.scores().choicesOffering(Need.EXACT_SCORE) + ", "
                    + "score.parameterization energy, or sampler.corrector langevin");
        }
        if (lossMember.descriptor().has(Need.SCORE_DIVERGENCE) && score instanceof TrainableScore net && !net.differentiableDivergence()) {
            throw new ConfigException("loss.type", "'" + lossMember.descriptor().name() + "' needs the gradient of the score's Jacobian trace, "
                    + "which only " + Catalogue.scores().choicesOffering(Need.SCORE_DIVERGENCE)
                    + " with a vector parameterization gives; with score.type '" + scoreMember.descriptor().name()
                    + "' and score.parameterization '" + s.string("score.parameterization") + "' use one of " + Catalogue.losses()
                            .notNeeding(Need.SCORE_DIVERGENCE));
        }
        Conditioning.check(s, lossMember.descriptor(), score, plan, data, sampling);
        Optional<LineageExperiment> lineage = lineageMember.map(m -> m.factory().create(s, sde, data));
        boolean trains = score instanceof TrainableScore && lineage.isEmpty();
        if (!trains && OutboundNames.registeredModel(s).isPresent()) {
            throw new ConfigException("tracking.register_model", "registers the network a run trains, and this run trains none ("
                    + (lineage.isPresent() ? "a lineage experiment" : "score.type " + scoreMember.descriptor().name()) + "): leave it empty");
        }
        double noise = InverseModule.noise(s);
        Optional<InverseProblem> inverse = operatorMember.factory().create(s, data, streams).map(operator -> {
            if (methodMember.descriptor().has(Need.MIXTURE_PRIOR) && (!(score instanceof DensityModel) || score instanceof TrainableScore
                    || data.truth().isEmpty())) {
                throw new ConfigException("inverse.method", "'" + methodMember.descriptor().name() + "' needs the data's Gaussian-mixture law as the "
                        + "prior (" + Catalogue.scores().choicesOffering(Need.EXACT_SCORE) + " on "
                        + MemberNeeds.choices(Need.MIXTURE_LAW) + "); with a trained score use one of "
                        + Catalogue.methods().notNeeding(Need.MIXTURE_PRIOR));
            }
            Conditioning.checkMethod(methodMember.descriptor(), score);
            data.truth().ifPresent(prior -> {
                try { // Bayes' rule needs A Σ Aᵀ + σ_y² I invertible: with σ_y = 0, independent rows of A
                    MixturePosterior.of(prior, operator.matrix(), new double[operator.outputDim()], noise);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("inverse.operator", s.string("inverse.operator") + ": " + e.getMessage());
                }
            });
            PosteriorSampler method = methodMember.factory().create(s, sde, sampler, data);
            try {
                method.check(operator);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("inverse.method", "'" + methodMember.descriptor().name() + "' with inverse.operator "
                        + s.string("inverse.operator") + ": " + e.getMessage());
            }
            return new InverseProblem(operator, noise, method);
        });
        LaterKeys.check(s);
        if (s instanceof ResolvedSettings resolved) resolved.seal();
        return new ExperimentParts(s, streams, data, sde, score, trains ? Optional.of(loss) : Optional.empty(),
                trains ? Optional.of(training) : Optional.empty(), sampler, likelihood, lineage, plan, inverse);
    }

    /** The sampler a member builds, after the rules between it, the SDE family and the loss. */
    private static Sampler checkedSampler(Settings s, Sde sde, String sdeName, Registry.Member<Factories.SamplerFactory> member) {
        Descriptor sampling = member.descriptor();
        if (sampling.has(Need.ANCESTRAL_CHAIN) && !sde.ancestralChain()) {
            throw new ConfigException("sampler.type", "'" + sampling.name() + "' steps the discrete chain of DDPM or SMLD, which sde.type '" + sdeName
                    + "' is not the limit of: use another sampler, or an SDE with such a chain");
        }
        Sampler sampler = member.factory().create(s, sde);
        checkFlowSampler(s, sampling);
        return sampler;
    }

    /**
     * An OT-coupled flow-matching field is the flow of the OT path between the data and the prior, whose marginals are not
     * the SDE's p_t: read as a score it misleads every reverse-SDE or Langevin move, so only probability-flow samplers apply.
     */
    private static void checkFlowSampler(Settings s, Descriptor sampling) {
        if (!LossModule.otCoupled(s)) return;
        if (sampling.movesByMarginalScore(s)) {
            throw new ConfigException("sampler.type", "'" + sampling.name() + "' moves by the score of the SDE's marginals, which an OT-coupled flow "
                    + "(loss.coupling ot) does not give: use a probability-flow sampler, one of " + Catalogue.deterministicSamplers()
                    + (sampling.noiseKey() == null ? "" : " (or " + sampling.noiseKey() + " 0)"));
        }
    }

    static Trainer.Options trainingOptions(Settings s) {
        return new Trainer.Options(s.integer("train.steps", 1), s.integer("train.batch_size", 1), s.positive("train.learning_rate"),
                s.integer("train.warmup_steps", 0), s.option("train.lr_schedule", Trainer.LrSchedule.class),
                s.number("train.grad_clip", 0, Double.POSITIVE_INFINITY), s.number("train.ema_decay", 0, 1),
                s.integer("train.checkpoint_every", 0), emaStd(s));
    }

    /** train.ema power: the σ_rel of each power-function EMA profile, non-empty, distinct, each in (0, 1/√12]; none otherwise. */
    private static double[] emaStd(Settings s) {
        if (s.choice("train.ema", List.of("exponential", "power")).equals("exponential")) return new double[0];
        double[] widths = s.vector("train.ema_std");
        if (widths.length == 0) throw new ConfigException("train.ema_std", "train.ema power needs at least one σ_rel, e.g. [0.05, 0.1]");
        if (s.flag("score.conditional")) {
            throw new ConfigException("train.ema",
                    "power scores its profiles on held-out rows without their labels; use it with score.conditional false");
        }
        for (double w : widths) {
            if (!(w > 0 && w <= PowerEma.MAX_SIGMA_REL)) {
                throw new ConfigException("train.ema_std", "each σ_rel must lie in (0, " + String.format(Locale.ROOT, "%.4f", PowerEma.MAX_SIGMA_REL)
                        + "] (0.2887 is the plain running mean), got " + w);
            }
        }
        if (Arrays.stream(widths).distinct().count() < widths.length) throw new ConfigException("train.ema_std", "lists a σ_rel twice");
        return widths;
    }

    /** What a lineage experiment gets when it runs: these parts, and any SDE family at its defaults. */
    public LineageExperiment.Context lineageContext() {
        return new LineageExperiment.Context(sde, data, sampler, streams, Catalogue::sdeAtDefaults);
    }

    /** The score the sampler draws from: with sampler.label, the class-conditional score guided at sampler.guidance_scale. */
    public ScoreModel sampling(ScoreModel model) {
        return plan.label() < 0 ? model : ((ClassConditional) model).guided(plan.label(), plan.guidanceScale());
    }

    public Optional<TrainableScore> trainable() {
        return score instanceof TrainableScore t && lineage.isEmpty() ? Optional.of(t) : Optional.empty();
    }
}
