package org.langevin.score;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A smooth hidden-layer nonlinearity φ with its first and second derivatives: φ' backpropagates, φ'' backpropagates
 * through a Jacobian–vector product (needed for exact score matching, whose loss contains the score's Jacobian).
 */
public enum Activation {
    /** SiLU / swish, φ(z) = z σ(z) (Elfwing et al. 2018). */
    SILU {
        INDArray value(INDArray z) {
            return z.mul(Transforms.sigmoid(z, true));
        }

        INDArray derivative(INDArray z) { // σ (1 + z (1 - σ))
            INDArray s = Transforms.sigmoid(z, true);
            return s.rsub(1.0).muli(z).addi(1.0).muli(s);
        }

        INDArray secondDerivative(INDArray z) { // σ (1 - σ) (2 + z (1 - 2σ))
            INDArray s = Transforms.sigmoid(z, true);
            INDArray inner = s.mul(-2.0).addi(1.0).muli(z).addi(2.0);
            return s.rsub(1.0).muli(s).muli(inner);
        }
    },
    /** GELU, φ(z) = z Φ(z) with the exact normal CDF Φ (Hendrycks & Gimpel 2016). */
    GELU {
        INDArray value(INDArray z) {
            return z.mul(normalCdf(z));
        }

        INDArray derivative(INDArray z) { // Φ + z ϕ
            return normalCdf(z).addi(normalPdf(z).muli(z));
        }

        INDArray secondDerivative(INDArray z) { // ϕ (2 - z²)
            return z.mul(z).rsubi(2.0).muli(normalPdf(z));
        }
    },
    /** tanh. */
    TANH {
        INDArray value(INDArray z) {
            return Transforms.tanh(z, true);
        }

        INDArray derivative(INDArray z) { // 1 - tanh²
            INDArray th = Transforms.tanh(z, true);
            return th.muli(th).rsubi(1.0);
        }

        INDArray secondDerivative(INDArray z) { // -2 tanh (1 - tanh²)
            INDArray th = Transforms.tanh(z, true);
            return th.mul(th).rsubi(1.0).muli(th).muli(-2.0);
        }
    },
    /** softplus, φ(z) = log(1 + eᶻ). */
    SOFTPLUS {
        INDArray value(INDArray z) {
            return Transforms.softPlus(z, true);
        }

        INDArray derivative(INDArray z) { // σ
            return Transforms.sigmoid(z, true);
        }

        INDArray secondDerivative(INDArray z) { // σ (1 - σ)
            INDArray s = Transforms.sigmoid(z, true);
            return s.rsub(1.0).muli(s);
        }
    };

    abstract INDArray value(INDArray z);

    abstract INDArray derivative(INDArray z);

    abstract INDArray secondDerivative(INDArray z);

    /** The configuration name ({@code silu}, {@code gelu}, ...). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    private static INDArray normalCdf(INDArray z) { // Φ(z) = ½ (1 + erf(z/√2))
        INDArray e = z.div(Math.sqrt(2.0));
        Nd4j.getExecutioner().exec(new Erf(e, e));
        return e.addi(1.0).muli(0.5);
    }

    private static INDArray normalPdf(INDArray z) { // ϕ(z) = e^{-z²/2} / √(2π)
        return Transforms.exp(z.mul(z).muli(-0.5), false).muli(1.0 / Math.sqrt(2 * Math.PI));
    }
}
