package org.langevin.score;

import org.langevin.core.ClassConditional;
import org.langevin.core.FrameConditional;
import org.langevin.core.NativeMemory;
import org.langevin.core.Sde;
import org.langevin.core.TrainableScore;
import org.langevin.nn.ScoreNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A neural score: the network's raw output turned into a score by a parameterization and the SDE's marginal,
 * s = outScale · F(inScale · x, timeInput) + skipScale · x. A class-conditional network ({@code classes} > 0) takes the
 * label beside the time input: one label for every row, one per row (training), or the null label {@code classes}. A
 * network trained with stills or given frames takes their flags too ({@link NetworkConditions}); {@link #givenFrames}
 * conditions it on frames given clean ({@link GivenFrames}), {@link #stills} marks clips whose frames are independent.
 */
public final class NetworkScore implements TrainableScore, ClassConditional, FrameConditional {
    private final ScoreNetwork network;
    private final Parameterization parameterization;
    private final Sde sde;
    private final INDArray parameters;
    private final NetworkConditions conditions;

    public NetworkScore(ScoreNetwork network, Parameterization parameterization, Sde sde, INDArray parameters) {
        this(network, parameterization, sde, parameters, 0, null);
    }

    public NetworkScore(ScoreNetwork network, Parameterization parameterization, Sde sde, INDArray parameters, int classes, INDArray labels) {
        this(network, parameterization, sde, parameters, new NetworkConditions(classes, labels, false, null, 0, null));
    }

    public NetworkScore(ScoreNetwork network, Parameterization parameterization, Sde sde, INDArray parameters, NetworkConditions conditions) {
        this.network = network;
        this.parameterization = parameterization;
        this.sde = sde;
        this.parameters = parameters;
        this.conditions = conditions;
        NativeMemory.watch(); // sampling, likelihoods and evaluation call the network outside any training loop
    }

    private NetworkScore with(NetworkConditions other) {
        return new NetworkScore(network, parameterization, sde, parameters, other);
    }

    @Override
    public int givenFrameSlots() {
        return conditions.frames();
    }

    @Override
    public NetworkScore givenFrames(INDArray flags, INDArray clean) {
        int frames = conditions.frames();
        if (frames > 0 && flags.columns() != frames) {
            throw new IllegalArgumentException(flags.columns() + " flags for a clip of " + frames + " frames");
        }
        return with(conditions.withGiven(new GivenFrames(flags, clean, (int) clean.columns() / Math.max(1, frames))));
    }

    @Override
    public boolean takesStills() {
        return conditions.stillsColumn();
    }

    @Override
    public NetworkScore stills(INDArray rows) {
        return with(conditions.withStills(rows));
    }

    /** The network F. */
    public ScoreNetwork network() {
        return network;
    }

    @Override
    public int classes() {
        return conditions.classes();
    }

    @Override
    public NetworkScore given(int label) {
        if (label < 0 || label >= classes()) throw new IllegalArgumentException("label " + label + " is not one of the network's " + classes()
                + " classes");
        return withLabels(Nd4j.valueArrayOf(new long[] {1, 1}, label, network.dataType()));
    }

    @Override
    public NetworkScore unconditional() {
        return withLabels(null);
    }

    /** This network with each row's label (n × 1, from 0 to classes; classes is the null label), for training. */
    public NetworkScore withLabels(INDArray rows) {
        return with(conditions.withLabels(rows));
    }

    @Override
    public INDArray parameters() {
        return parameters;
    }

    @Override
    public DataType dataType() {
        return network.dataType();
    }

    @Override
    public boolean differentiableDivergence() {
        return true;
    }

    @Override
    public NetworkScore withParameters(INDArray other) {
        return new NetworkScore(network, parameterization, sde, other, conditions);
    }

    @Override
    public INDArray score(INDArray x, double t) {
        INDArray xin = x.castTo(network.dataType());
        GivenFrames.At given = given(xin, t);
        ScoreCoefficients c = coefficients(given == null ? xin : given.input(), t);
        INDArray s = c.score(network.output(parameters, c.input(), c.timeInput()));
        return (given == null ? s : given.score(s)).castTo(x.dataType());
    }

    @Override
    public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
        INDArray xin = x.castTo(network.dataType());
        GivenFrames.At given = given(xin, t);
        ScoreCoefficients c = coefficients(given == null ? xin : given.input(), t);
        ScoreNetwork.Pass pass = network.forward(parameters, c.input(), c.timeInput());
        // vᵀ ∂s/∂x = outScale · inScale · vᵀ ∂F/∂u + skipScale · vᵀ
        INDArray vin = v.castTo(network.dataType());
        INDArray vg = given == null ? vin : given.generated(vin);
        INDArray vjp = c.vjp(pass.inputGradient(c.toOutput(vg)), vg);
        INDArray s = c.score(pass.output());
        if (given != null) {
            s = given.score(s);
            vjp = given.vjp(vjp, vin);
        }
        return new ScoreAndVjp(s.castTo(x.dataType()), vjp.castTo(x.dataType()));
    }

    @Override
    public TrainingPass forward(INDArray x, INDArray t) {
        GivenFrames.At given = conditions.given() == null ? null : conditions.given().at(x, GivenFrames.marginals(sde, t.toDoubleVector()));
        ScoreCoefficients c = coefficients(given == null ? x : given.input(), t);
        ScoreNetwork.Pass pass = network.forward(parameters, c.input(), c.timeInput());
        INDArray score = given == null ? c.score(pass.output()) : given.score(c.score(pass.output()));
        return new TrainingPass() {
            public INDArray score() {
                return score;
            }

            public INDArray backward(INDArray lossGradientWrtScore) {
                return pass.parameterGradient(c.toOutput(given == null ? lossGradientWrtScore : given.generated(lossGradientWrtScore)));
            }
        };
    }

    /** The given frames of batch x at one time t, or null when none are given. */
    private GivenFrames.At given(INDArray x, double t) {
        return conditions.given() == null ? null : conditions.given().at(x, GivenFrames.marginals(sde, t, x.rows()));
    }

    /**
     * ∇·s = D · skipScale + outScale · inScale · Σ_j (∂F/∂u_j)_j, the diagonal read from one Jacobian–vector product per
     * coordinate e_j, all D in one pass over the batch stacked D times; the gradient backpropagates through each product
     * (reverse over forward; D passes' worth of work, which for images is D times a batch).
     */
    @Override
    public DivergencePass forwardWithDivergence(INDArray x, INDArray t) {
        if (conditions.given() != null) {
            throw new IllegalStateException("given frames train with denoising score matching only (loss.type: dsm)");
        }
        ScoreCoefficients c = coefficients(x, t);
        int dim = (int) x.columns();
        long n = x.rows();
        INDArray[] copies = new INDArray[dim];
        INDArray[] times = new INDArray[dim];
        INDArray[] bases = new INDArray[dim];
        for (int j = 0; j < dim; j++) {
            copies[j] = c.input();
            times[j] = c.timeInput();
            bases[j] = Nd4j.zeros(network.dataType(), n, dim);
            bases[j].getColumn(j).assign(1.0);
        }
        ScoreNetwork.TangentPass pass = network.forward(parameters, Nd4j.concat(0, copies), Nd4j.concat(0, times), Nd4j.concat(0, bases));
        INDArray trace = Nd4j.zeros(network.dataType(), n, 1);
        INDArray tangents = pass.outputTangent();
        for (int j = 0; j < dim; j++) trace.addi(block(tangents, j, n).getColumn(j).reshape(n, 1));
        INDArray scale = c.outScale().mul(c.inScale());
        INDArray divergence = trace.mul(scale).addi(c.skipScale().mul(dim));
        INDArray score = c.score(block(pass.output(), 0, n));
        return new DivergencePass() {
            public INDArray score() {
                return score;
            }

            public INDArray divergence() {
                return divergence;
            }

            public INDArray backward(INDArray lossGradientWrtScore, INDArray lossGradientWrtDivergence) {
                INDArray outputGradient = Nd4j.zeros(network.dataType(), dim * n, dim);
                block(outputGradient, 0, n).assign(lossGradientWrtScore.mulColumnVector(c.outScale()));
                INDArray tangentGradient = Nd4j.zeros(network.dataType(), dim * n, dim);
                INDArray perTrace = lossGradientWrtDivergence.mul(scale).reshape(n);
                for (int j = 0; j < dim; j++) block(tangentGradient, j, n).getColumn(j).assign(perTrace);
                return pass.parameterGradient(outputGradient, tangentGradient);
            }
        };
    }

    /** Rows [j n, (j + 1) n) of a stacked array. */
    private static INDArray block(INDArray stacked, int j, long n) {
        return stacked.get(NDArrayIndex.interval(j * n, (j + 1) * n), NDArrayIndex.all());
    }

    /** The coefficients at one time t for every row, with the conditioning input. */
    private ScoreCoefficients coefficients(INDArray x, double t) {
        ScoreCoefficients c = ScoreCoefficients.at(parameterization, sde, x, t);
        return c.withTimeInput(conditions.columns(c.timeInput()));
    }

    /** Per-row coefficients at per-row times (the training path), with the conditioning input. */
    private ScoreCoefficients coefficients(INDArray x, INDArray t) {
        ScoreCoefficients c = ScoreCoefficients.at(parameterization, sde, x, t);
        return c.withTimeInput(conditions.columns(c.timeInput()));
    }

}
