package org.langevin.score;

import org.langevin.nn.ScoreNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How an energy network's scalar Φ(u, τ) per row comes from its output F(u, τ), and the first- and second-order passes
 * of Φ that {@link EnergyScore} needs, each from one pass of F (with a tangent w for the second-order ones).
 */
public enum EnergyReadout {
    /** Φ = F: a network with one output (the MLP). */
    SCALAR {
        INDArray phi(ScoreNetwork.Pass pass, INDArray u) {
            return pass.output();
        }

        INDArray gradient(ScoreNetwork.Pass pass, INDArray u) {
            return pass.inputGradient(ones(u));
        }

        @Override
        void check(ScoreNetwork network) {
            if (network.outputs() != 1) {
                throw new IllegalArgumentException("a scalar energy network has one output, this one has " + network.outputs());
            }
        }

        INDArray hessianTimesTangent(ScoreNetwork.TangentPass pass, INDArray u, INDArray w) {
            return pass.inputGradient(zeros(u), ones(u));
        }

        INDArray parameterGradientAlongTangent(ScoreNetwork.TangentPass pass, INDArray u, INDArray w) {
            return pass.parameterGradient(zeros(u), ones(u));
        }
    },
    /**
     * Φ = ½ ⟨u, F(u, τ)⟩ of a network shaped like its input (the U-Net): ∇Φ = ½ (F + Jᵀu) with J = ∂F/∂u, so the field
     * starts at zero with a zero-initialised output layer, as the vector parameterizations do.
     */
    HALF_INNER_PRODUCT {
        INDArray phi(ScoreNetwork.Pass pass, INDArray u) {
            return pass.output().mul(u).sum(true, 1).muli(0.5);
        }

        INDArray gradient(ScoreNetwork.Pass pass, INDArray u) {
            return pass.inputGradient(u).addi(pass.output()).muli(0.5);
        }

        /** ∇ᵤ(∇Φ · w) = ½ (Jᵀw + J w + ∇ᵤ⟨u, J w⟩ with J w's u-dependence alone). */
        INDArray hessianTimesTangent(ScoreNetwork.TangentPass pass, INDArray u, INDArray w) {
            return pass.inputGradient(w, u).addi(pass.outputTangent()).muli(0.5);
        }

        /** ∇_θ(∇Φ · w) = ½ ∇_θ(⟨F, w⟩ + ⟨u, J w⟩). */
        INDArray parameterGradientAlongTangent(ScoreNetwork.TangentPass pass, INDArray u, INDArray w) {
            return pass.parameterGradient(w.mul(0.5), u.mul(0.5));
        }
    };

    /** Refuses a network this readout cannot read a scalar from. */
    void check(ScoreNetwork network) {}

    /** Φ per row (n × 1). */
    abstract INDArray phi(ScoreNetwork.Pass pass, INDArray u);

    /** ∇ᵤΦ (n × D). */
    abstract INDArray gradient(ScoreNetwork.Pass pass, INDArray u);

    /** ∇ᵤ(∇ᵤΦ · w) for the tangent w the pass carried: the Hessian–vector product. */
    abstract INDArray hessianTimesTangent(ScoreNetwork.TangentPass pass, INDArray u, INDArray w);

    /** ∇_θ Σ (∇ᵤΦ · w) for the tangent w the pass carried. */
    abstract INDArray parameterGradientAlongTangent(ScoreNetwork.TangentPass pass, INDArray u, INDArray w);

    private static INDArray ones(INDArray u) {
        return Nd4j.ones(u.dataType(), u.rows(), 1);
    }

    private static INDArray zeros(INDArray u) {
        return Nd4j.zeros(u.dataType(), u.rows(), 1);
    }
}
