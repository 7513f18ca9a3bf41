package org.langevin.score;

import org.langevin.core.Marginal;
import org.langevin.core.Sde;
import org.langevin.core.TrainableScore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A neural score: the network's raw output turned into a score by a parameterization and the SDE's marginal. */
public final class NetworkScore implements TrainableScore {
    private final FourierMlp network;
    private final Parameterization parameterization;
    private final Sde sde;
    private final INDArray parameters;

    public NetworkScore(FourierMlp network, Parameterization parameterization, Sde sde, INDArray parameters) {
        this.network = network;
        this.parameterization = parameterization;
        this.sde = sde;
        this.parameters = parameters;
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
    public NetworkScore withParameters(INDArray other) {
        return new NetworkScore(network, parameterization, sde, other);
    }

    @Override
    public INDArray score(INDArray x, double t) {
        Marginal m = sde.marginal(t);
        INDArray xin = x.castTo(network.dataType());
        INDArray out = network.forward(parameters, xin, timeColumn(x.rows(), parameterization.timeInput(t, m))).output();
        return combine(out, xin, m).castTo(x.dataType());
    }

    @Override
    public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
        Marginal m = sde.marginal(t);
        INDArray xin = x.castTo(network.dataType());
        INDArray vin = v.castTo(network.dataType());
        FourierMlp.Pass pass = network.forward(parameters, xin, timeColumn(x.rows(), parameterization.timeInput(t, m)));
        // vᵀ ∂s/∂x = outScale · vᵀ ∂out/∂x + skipScale · vᵀ
        INDArray vjp = pass.inputGradient(vin.mul(parameterization.outScale(m)));
        double skip = parameterization.skipScale(m);
        if (skip != 0) vjp.addi(vin.mul(skip));
        return new ScoreAndVjp(combine(pass.output(), xin, m).castTo(x.dataType()), vjp.castTo(x.dataType()));
    }

    @Override
    public TrainingPass forward(INDArray x, INDArray t) {
        int n = (int) x.rows();
        double[] times = t.toDoubleVector();
        double[][] coefs = new double[3][n];
        for (int i = 0; i < n; i++) {
            Marginal m = sde.marginal(times[i]);
            coefs[0][i] = parameterization.outScale(m);
            coefs[1][i] = parameterization.skipScale(m);
            coefs[2][i] = parameterization.timeInput(times[i], m);
        }
        INDArray outScale = column(coefs[0]);
        INDArray skipScale = column(coefs[1]);
        INDArray timeInput = column(coefs[2]);
        FourierMlp.Pass pass = network.forward(parameters, x, timeInput);
        INDArray score = pass.output().mulColumnVector(outScale).addi(x.mulColumnVector(skipScale));
        return new TrainingPass() {
            public INDArray score() {
                return score;
            }

            public INDArray backward(INDArray lossGradientWrtScore) {
                return pass.parameterGradient(lossGradientWrtScore.mulColumnVector(outScale));
            }
        };
    }

    private INDArray combine(INDArray out, INDArray x, Marginal m) {
        INDArray s = out.mul(parameterization.outScale(m));
        double skip = parameterization.skipScale(m);
        return skip == 0 ? s : s.addi(x.mul(skip));
    }

    private INDArray column(double[] values) {
        return Nd4j.createFromArray(values).reshape(values.length, 1).castTo(network.dataType());
    }

    private INDArray timeColumn(long n, double value) {
        return Nd4j.valueArrayOf(new long[] {n, 1}, value, network.dataType());
    }
}
