package org.langevin.score;

import org.langevin.core.DensityModel;
import org.langevin.core.Sde;
import org.langevin.core.TrainableScore;
import org.langevin.nn.ScoreNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An energy-based score (Salimans & Ho 2021): a scalar Φ(u, τ) read out of a network ({@link EnergyReadout}: the MLP's one
 * output, or ½ ⟨u, F⟩ of the U-Net) and the score s = −∇ₓE of the energy
 * E(x, t) = −(outScale/inScale) Φ(inScale · x, τ) − ½ skipScale ‖x‖², so s = outScale · ∇ᵤΦ + skipScale · x: the gradient
 * ∇ᵤΦ takes the place of a vector network's output in the same affine parameterization (with the noise coefficients,
 * E = Φ/σ_t and ∇ᵤΦ predicts ε). −E is an unnormalized log density at every t, as Metropolis corrections need; the
 * field is conservative by construction. Training differentiates a loss on ∇ᵤΦ in the parameters: one more forward
 * pass carrying the tangent outScale · ∂L/∂s and its reverse pass (reverse over forward), so ∂L/∂θ = ∇_θ (∇ᵤΦ · w).
 */
public final class EnergyScore implements TrainableScore, DensityModel {
    private final ScoreNetwork network;
    private final EnergyReadout readout;
    private final Parameterization parameterization;
    private final Sde sde;
    private final INDArray parameters;

    public EnergyScore(ScoreNetwork network, EnergyReadout readout, Parameterization parameterization, Sde sde, INDArray parameters) {
        readout.check(network);
        this.network = network;
        this.readout = readout;
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

    /** The divergence of −∇E is −ΔE: its parameter gradient would need a third-order pass. */
    @Override
    public boolean differentiableDivergence() {
        return false;
    }

    @Override
    public EnergyScore withParameters(INDArray other) {
        return new EnergyScore(network, readout, parameterization, sde, other);
    }

    /** E(x, t) per row: −(outScale/inScale) Φ(inScale · x) − ½ skipScale ‖x‖². */
    public double[] energy(INDArray x, double t) {
        INDArray xin = x.castTo(network.dataType());
        ScoreCoefficients c = ScoreCoefficients.at(parameterization, sde, xin, t);
        INDArray phi = readout.phi(network.forward(parameters, c.input(), c.timeInput()), c.input());
        INDArray quadratic = xin.mul(xin).sum(true, 1).muli(c.skipScale()).muli(0.5);
        return phi.mul(c.outScale()).divi(c.inScale()).addi(quadratic).negi().reshape(x.rows()).toDoubleVector();
    }

    /** −E(x, t): the log density up to a constant in x. */
    @Override
    public double[] logDensity(INDArray x, double t) {
        double[] e = energy(x, t);
        for (int i = 0; i < e.length; i++) e[i] = -e[i];
        return e;
    }

    @Override
    public INDArray score(INDArray x, double t) {
        ScoreCoefficients c = ScoreCoefficients.at(parameterization, sde, x.castTo(network.dataType()), t);
        return c.score(readout.gradient(network.forward(parameters, c.input(), c.timeInput()), c.input())).castTo(x.dataType());
    }

    /** vᵀ ∂s/∂x = outScale · inScale · H_Φ v + skipScale · v, with the Hessian–vector product from one tangent pass. */
    @Override
    public ScoreAndVjp vjp(INDArray x, double t, INDArray v) {
        ScoreCoefficients c = ScoreCoefficients.at(parameterization, sde, x.castTo(network.dataType()), t);
        INDArray vin = v.castTo(network.dataType());
        ScoreNetwork.TangentPass pass = network.forward(parameters, c.input(), c.timeInput(), vin);
        INDArray hessianV = readout.hessianTimesTangent(pass, c.input(), vin);
        INDArray vjp = hessianV.mulColumnVector(c.outScale().mul(c.inScale())).addi(vin.mulColumnVector(c.skipScale()));
        return new ScoreAndVjp(c.score(readout.gradient(pass, c.input())).castTo(x.dataType()), vjp.castTo(x.dataType()));
    }

    @Override
    public TrainingPass forward(INDArray x, INDArray t) {
        ScoreCoefficients c = ScoreCoefficients.at(parameterization, sde, x, t);
        INDArray score = c.score(readout.gradient(network.forward(parameters, c.input(), c.timeInput()), c.input()));
        return new TrainingPass() {
            public INDArray score() {
                return score;
            }

            /** ∂L/∂θ = ∇_θ Σ (∇ᵤΦ · w) with w = outScale · ∂L/∂s: the parameter gradient of the tangent output. */
            public INDArray backward(INDArray lossGradientWrtScore) {
                INDArray w = c.toOutput(lossGradientWrtScore);
                return readout.parameterGradientAlongTangent(network.forward(parameters, c.input(), c.timeInput(), w), c.input(), w);
            }
        };
    }

    @Override
    public DivergencePass forwardWithDivergence(INDArray x, INDArray t) {
        throw new UnsupportedOperationException("an energy model's divergence gradient needs third derivatives");
    }
}
