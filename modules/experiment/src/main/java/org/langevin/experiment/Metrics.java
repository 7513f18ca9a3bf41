package org.langevin.experiment;

import static org.langevin.experiment.MetricNames.BITS_PER_DIM;
import static org.langevin.experiment.MetricNames.BITS_PER_DIM_STDERR;
import static org.langevin.experiment.MetricNames.CLIP_DISPLACEMENT_CHANGE;
import static org.langevin.experiment.MetricNames.CLIP_DISPLACEMENT_CHANGE_DATA;
import static org.langevin.experiment.MetricNames.CLIP_SPEED;
import static org.langevin.experiment.MetricNames.CLIP_SPEED_DATA;
import static org.langevin.experiment.MetricNames.DATA_ENTROPY;
import static org.langevin.experiment.MetricNames.ENERGY_DISTANCE;
import static org.langevin.experiment.MetricNames.ENERGY_DISTANCE_DATA_FLOOR;
import static org.langevin.experiment.MetricNames.FINAL_TRAIN_LOSS;
import static org.langevin.experiment.MetricNames.INTEGRAL_TERM;
import static org.langevin.experiment.MetricNames.LIKELIHOOD_NFE;
import static org.langevin.experiment.MetricNames.LIKELIHOOD_SECONDS;
import static org.langevin.experiment.MetricNames.MMD2;
import static org.langevin.experiment.MetricNames.MMD2_DATA_FLOOR;
import static org.langevin.experiment.MetricNames.NLL;
import static org.langevin.experiment.MetricNames.NLL_EXACT;
import static org.langevin.experiment.MetricNames.NLL_GAP;
import static org.langevin.experiment.MetricNames.NLL_GAP_STDERR;
import static org.langevin.experiment.MetricNames.NLL_STDERR;
import static org.langevin.experiment.MetricNames.NN_COPY_FRACTION;
import static org.langevin.experiment.MetricNames.NN_DISTANCE_SAMPLES;
import static org.langevin.experiment.MetricNames.NN_DISTANCE_TEST;
import static org.langevin.experiment.MetricNames.PRIOR_TERM;
import static org.langevin.experiment.MetricNames.PROBE_STDERR;
import static org.langevin.experiment.MetricNames.SAMPLE_NFE;
import static org.langevin.experiment.MetricNames.SAMPLE_SECONDS;
import static org.langevin.experiment.MetricNames.TRAIN_SECONDS;
import static org.langevin.experiment.MetricNames.TRAIN_STEPS_PER_S;

import java.util.LinkedHashMap;
import java.util.Map;
import org.langevin.core.Arrays2;
import org.langevin.core.LikelihoodResult;
import org.langevin.metrics.ClipMotion;

/** Each evaluation's result as MLflow metrics: the one place where results get their names ({@link MetricNames}). */
public final class Metrics {
    private Metrics() {}

    /** Training: its time, the steps that time covers (a resumed run's all, or those since it resumed), and the last logged mean loss. */
    public record Training(double seconds, int stepsRun, double finalLoss) {}

    /** Samples against held-out data, with the same distances between two draws of the data as their noise floor. */
    public record SampleQuality(double seconds, long nfe, double mmd2, double energyDistance, double mmd2Floor, double energyFloor) {}

    /** Nearest training images of samples and of test images; for clips also the motion of samples and of data (else null). */
    public record ImageChecks(double nnSamples, double nnTest, double copyFraction, ClipMotion.Motion sampled, ClipMotion.Motion data) {}

    /** A likelihood evaluation of points of dimension {@code dim}, and, when the data law is known, the exact figures. */
    public record Likelihood(double seconds, LikelihoodResult result, int dim, Exact exact) {}

    /** The exact mean NLL of the same points, the paired gap log p − log p_θ with its standard error, and the entropy H[p]. */
    public record Exact(double nll, double gap, double gapStderr, double entropy) {}

    public static Map<String, Double> of(Training t) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(TRAIN_SECONDS, t.seconds());
        m.put(TRAIN_STEPS_PER_S, t.stepsRun() / t.seconds());
        if (!Double.isNaN(t.finalLoss())) m.put(FINAL_TRAIN_LOSS, t.finalLoss());
        return m;
    }

    public static Map<String, Double> of(SampleQuality q) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(SAMPLE_SECONDS, q.seconds());
        m.put(SAMPLE_NFE, (double) q.nfe());
        m.put(MMD2, q.mmd2());
        m.put(ENERGY_DISTANCE, q.energyDistance());
        m.put(MMD2_DATA_FLOOR, q.mmd2Floor());
        m.put(ENERGY_DISTANCE_DATA_FLOOR, q.energyFloor());
        return m;
    }

    public static Map<String, Double> of(ImageChecks c) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (c.sampled() != null) {
            m.put(CLIP_SPEED, c.sampled().speed());
            m.put(CLIP_SPEED_DATA, c.data().speed());
            m.put(CLIP_DISPLACEMENT_CHANGE, c.sampled().displacementChange());
            m.put(CLIP_DISPLACEMENT_CHANGE_DATA, c.data().displacementChange());
        }
        m.put(NN_DISTANCE_SAMPLES, c.nnSamples());
        m.put(NN_DISTANCE_TEST, c.nnTest());
        m.put(NN_COPY_FRACTION, c.copyFraction());
        return m;
    }

    public static Map<String, Double> of(Likelihood l) {
        LikelihoodResult r = l.result();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(LIKELIHOOD_SECONDS, l.seconds());
        m.put(NLL, r.meanNll());
        m.put(NLL_STDERR, r.stderr());
        m.put(BITS_PER_DIM, r.bitsPerDim(l.dim()));
        m.put(BITS_PER_DIM_STDERR, r.bitsPerDimStderr(l.dim()));
        m.put(LIKELIHOOD_NFE, (double) r.nfe());
        if (Double.isFinite(r.probeStderr())) m.put(PROBE_STDERR, r.probeStderr());
        m.put(PRIOR_TERM, Arrays2.mean(r.priorTerm()));
        m.put(INTEGRAL_TERM, Arrays2.mean(r.integralTerm()));
        if (l.exact() != null) {
            m.put(NLL_EXACT, l.exact().nll());
            m.put(NLL_GAP, l.exact().gap());
            m.put(NLL_GAP_STDERR, l.exact().gapStderr());
            m.put(DATA_ENTROPY, l.exact().entropy());
        }
        return m;
    }
}
