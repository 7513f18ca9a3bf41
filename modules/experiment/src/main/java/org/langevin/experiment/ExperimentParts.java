package org.langevin.experiment;

import java.util.Optional;
import org.langevin.core.ConfigException;
import org.langevin.core.Dataset;
import org.langevin.core.Descriptor;
import org.langevin.core.Registry;
import org.langevin.core.Factories;
import org.langevin.core.LikelihoodEstimator;
import org.langevin.core.Loss;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sampler;
import org.langevin.core.ScoreModel;
import org.langevin.core.Sde;
import org.langevin.core.Settings;
import org.langevin.core.TrainableScore;
import org.langevin.lineage.LineageExperiment;
import org.langevin.training.Trainer;

/**
 * The interchangeable parts of one experiment, each picked by name from its Guice {@code MapBinder}
 * ({@code sde.type: vp} → the {@code "vp"} binding) and built from the resolved configuration. Building them reads and
 * validates every key, so a bad configuration fails here, before any run is created.
 */
public record ExperimentParts(Settings settings, RandomStreams streams, Dataset data, Sde sde, ScoreModel score, Optional<Loss> loss,
                    Optional<Trainer.Options> training, Sampler sampler, LikelihoodEstimator likelihood,
                    Optional<LineageExperiment> lineage) {

    public static ExperimentParts build(ExperimentConfig config) {
        Settings s = config.settings();
        RandomStreams streams = new RandomStreams(s.longValue("seed"));
        s.string("experiment");
        s.string("tracking.uri");
        s.string("tracking.run_name");
        // validate every family name before building anything, so the first error is about the name
        Factories.DataFactory dataFactory = Catalogue.pick(s, "data.type", Factories.DataFactory.class);
        Factories.SdeFactory sdeFactory = Catalogue.pick(s, "sde.type", Factories.SdeFactory.class);
        Factories.ScoreFactory scoreFactory = Catalogue.pick(s, "score.type", Factories.ScoreFactory.class);
        Factories.LossFactory lossFactory = Catalogue.pick(s, "loss.type", Factories.LossFactory.class);
        Registry.Member<Factories.SamplerFactory> samplerMember = Catalogue.samplers().pick(s);
        Descriptor samplerDescriptor = samplerMember.descriptor();
        Factories.LikelihoodFactory likelihoodFactory = Catalogue.pick(s, "likelihood.solver", Factories.LikelihoodFactory.class);

        Sde sde = sdeFactory.create(s);
        Loss loss = lossFactory.create(s, sde);
        Trainer.Options training = trainingOptions(s);
        if (samplerDescriptor.has(Descriptor.Need.VP_OR_VE) && !java.util.List.of("vp", "ve").contains(s.string("sde.type"))) {
            throw new ConfigException("sampler.type", "'" + samplerDescriptor.name() + "' is defined for sde.type vp or ve, not '" + s.string("sde.type") + "'");
        }
        Sampler sampler = samplerMember.factory().create(s, sde);
        s.integer("sampler.n_samples", 1);
        s.flag("likelihood.enabled");
        s.integer("likelihood.n_points", 1);
        Dataset data;
        try {
            data = dataFactory.create(s).load(streams);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.path", e.getMessage());
        }
        LikelihoodEstimator likelihood = likelihoodFactory.create(s, sde, data);
        ScoreModel score = scoreFactory.create(s, sde, data, streams);
        if (samplerDescriptor.has(Descriptor.Need.LOG_DENSITY) && !(score instanceof org.langevin.core.DensityModel)) {
            throw new ConfigException("sampler.type", "'" + s.string("sampler.type") + "' needs a log density as well as a score: "
                    + "use score.type oracle, or a sampler that needs only the score (e.g. langevin_mcmc)");
        }
        if (loss.needsDivergence() && score instanceof TrainableScore net && !net.differentiableDivergence()) {
            throw new ConfigException("loss.type", "'" + s.string("loss.type") + "' needs the gradient of the score's Jacobian trace, which only score.type mlp "
                    + "gives; with score.type '" + s.string("score.type") + "' use dsm, ssm, ssm_vr or ksd");
        }
        boolean trainable = score instanceof TrainableScore;
        Optional<LineageExperiment> lineage = s.string("lineage.type").isEmpty() ? Optional.empty()
                : Optional.of(Catalogue.pick(s, "lineage.type", LineageExperiment.class));
        return new ExperimentParts(s, streams, data, sde, score, trainable && lineage.isEmpty() ? Optional.of(loss) : Optional.empty(),
                trainable && lineage.isEmpty() ? Optional.of(training) : Optional.empty(), sampler, likelihood, lineage);
    }

    static Trainer.Options trainingOptions(Settings s) {
        return new Trainer.Options(s.integer("train.steps", 1), s.integer("train.batch_size", 1), s.positive("train.learning_rate"),
                s.integer("train.warmup_steps", 0), s.choice("train.lr_schedule", java.util.List.of("constant", "cosine")).equals("cosine"),
                s.number("train.grad_clip", 0, Double.POSITIVE_INFINITY), s.number("train.ema_decay", 0, 1),
                s.integer("train.checkpoint_every", 0));
    }

    public Optional<TrainableScore> trainable() {
        return score instanceof TrainableScore t && lineage.isEmpty() ? Optional.of(t) : Optional.empty();
    }
}
