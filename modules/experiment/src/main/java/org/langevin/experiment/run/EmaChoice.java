package org.langevin.experiment.run;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.langevin.core.Loss;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.langevin.experiment.assembly.ExperimentParts;
import org.langevin.tracking.TrackedRun;
import org.langevin.training.Checkpoint;
import org.langevin.training.PowerEma;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The weights a run evaluates. With train.ema power, the raw weights, the exponential EMA and every power-function
 * profile are scored by the run's own loss on whole batches from the second half of the test split (the same noise for
 * each: common random numbers), logged as ema/heldout_loss/NAME, and the lowest is taken (tag ema_choice, which
 * sample, likelihood and restore --run read back); otherwise the exponential EMA, as always.
 */
public final class EmaChoice {
    /** Held-out rows scored: at most this many, and at most {@link #BATCHES} training batches (a U-Net's candidate costs 8 steps). */
    private static final int ROWS = 2048;
    private static final int BATCHES = 8;
    private static final long NOISE_SEED = 0x454D41L; // "EMA": the noise of every candidate's score
    private static final String EXPONENTIAL = "exponential";

    private EmaChoice() {}

    /** The weights a checkpoint offers by name: raw, exponential, and power_σ for each profile of train.ema_std. */
    static Map<String, INDArray> candidates(Checkpoint done, double[] widths) {
        Map<String, INDArray> candidates = new LinkedHashMap<>();
        candidates.put("raw", done.parameters());
        candidates.put(EXPONENTIAL, done.ema());
        for (int k = 0; done.profiles() != null && k < widths.length; k++) {
            candidates.put(String.format(Locale.ROOT, "power_%s", widths[k]), PowerEma.profile(done.profiles(), k, done.parameters()));
        }
        return candidates;
    }

    /** The weights a FINISHED run evaluated: those its tag ema_choice names, else the exponential EMA. */
    public static INDArray evaluated(Checkpoint done, double[] widths, String choice) {
        return candidates(done, widths).getOrDefault(choice == null ? EXPONENTIAL : choice, done.ema());
    }

    /** The candidate a choice took, its weights, and every candidate's held-out loss (empty without profiles). */
    record Choice(String name, INDArray weights, Map<String, Double> losses) {}

    /** The weights a FINISHED run evaluates: {@link #choose}, its losses as ema/heldout_loss/NAME, its name as tag ema_choice. */
    static INDArray weights(ExperimentParts parts, TrainableScore net, Checkpoint done, TrackedRun run, Map<String, Double> metrics,
            PrintStream err) {
        if (done.profiles() == null) return done.ema();
        Choice choice = choose(parts, net, done);
        choice.losses().forEach((name, loss) -> metrics.put("ema/heldout_loss/" + name, loss));
        if (choice.losses().values().stream().noneMatch(Double::isFinite)) {
            err.println("EMA: no candidate has a finite held-out loss; evaluating the exponential EMA");
        } else {
            err.println("EMA: " + choice.name() + " has the lowest held-out loss (" + String.format(Locale.ROOT, "%.6g",
                    choice.losses().get(choice.name())) + ") of " + choice.losses().keySet());
        }
        run.setTags(Map.of("ema_choice", choice.name()));
        return choice.weights();
    }

    /**
     * With power profiles, the candidate of lowest held-out loss (the exponential EMA when none is finite); without, the
     * exponential EMA. The network's own weights are put back.
     */
    static Choice choose(ExperimentParts parts, TrainableScore net, Checkpoint state) {
        if (state.profiles() == null) return new Choice(EXPONENTIAL, state.ema(), Map.of());
        Map<String, INDArray> candidates = candidates(state, parts.settings().vector("train.ema_std"));
        if (candidates.get("raw") == net.parameters()) candidates.put("raw", net.parameters().dup()); // training's own array: a copy
        // whole batches from the second half of the test split: the likelihood and the pictures read its first rows
        INDArray test = parts.data().test();
        int batch = parts.training().orElseThrow().batchSize();
        long available = test.rows() - test.rows() / 2;
        long rows = Math.min(Math.min(ROWS, (long) BATCHES * batch), available >= batch ? available / batch * batch : available);
        INDArray heldOut = test.get(NDArrayIndex.interval(test.rows() - rows, test.rows()), NDArrayIndex.all()).castTo(net.dataType());
        String best = EXPONENTIAL;
        double bestLoss = Double.POSITIVE_INFINITY;
        Map<String, Double> losses = new LinkedHashMap<>();
        INDArray own = net.parameters().dup(); // the network's own weights, put back once every candidate is scored
        try {
            for (Map.Entry<String, INDArray> c : candidates.entrySet()) {
                net.parameters().assign(c.getValue());
                double loss = heldOutLoss(parts.loss().orElseThrow(), net, heldOut, batch);
                losses.put(c.getKey(), loss);
                if (loss < bestLoss) {
                    bestLoss = loss;
                    best = c.getKey();
                }
            }
        } finally {
            net.parameters().assign(own);
        }
        return new Choice(best, candidates.get(best), losses);
    }

    /** The mean loss over held-out batches, each scored with the same noise whatever the weights. */
    private static double heldOutLoss(Loss loss, TrainableScore model, INDArray rows, int batch) {
        RandomStreams noise = new RandomStreams(NOISE_SEED);
        double sum = 0;
        int count = 0;
        for (long from = 0; from < rows.rows(); from += batch) {
            INDArray x0 = rows.get(NDArrayIndex.interval(from, Math.min(rows.rows(), from + batch)), NDArrayIndex.all());
            sum += loss.evaluate(model, x0, noise).loss();
            count++;
        }
        return sum / count;
    }
}
