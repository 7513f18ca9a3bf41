package org.langevin.nn;

import java.util.Locale;
import org.langevin.core.kernels.VectorKernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A smooth hidden-layer nonlinearity φ with its first and second derivatives: φ' backpropagates, φ'' backpropagates
 * through a Jacobian–vector product (needed for exact score matching, whose loss contains the score's Jacobian).
 *
 * <p>{@link #evaluate} returns φ(z) with the one transcendental intermediate its derivatives share (σ(z) for SiLU,
 * tanh z for tanh, ...), so that a backward pass reuses it instead of recomputing it: the exponentials are the
 * costliest element-wise kernels of a training step.
 */
public enum Activation {
    /** SiLU / swish, φ(z) = z σ(z) (Elfwing et al. 2018); memo σ(z). */
    SILU {
        Evaluation evaluate(INDArray z) {
            if (VectorKernels.enabledFor(z)) return SiluKernel.evaluate(z);
            INDArray s = Transforms.sigmoid(z, true);
            return new Evaluation(z.mul(s), s);
        }

        INDArray derivative(INDArray z, INDArray s) { // σ (1 + z (1 - σ))
            if (VectorKernels.enabledFor(z) && VectorKernels.enabledFor(s)) return SiluKernel.derivative(z, s);
            return s.rsub(1.0).muli(z).addi(1.0).muli(s);
        }

        @Override
        Evaluation evaluateShifted(INDArray z, INDArray bias) {
            if (VectorKernels.enabledFor(z) && VectorKernels.rowMajor(bias)) return SiluKernel.evaluateShifted(z, bias);
            return super.evaluateShifted(z, bias);
        }

        @Override
        INDArray valueShifted(INDArray z, INDArray bias) {
            if (VectorKernels.enabledFor(z) && VectorKernels.rowMajor(bias)) return SiluKernel.valueShifted(z, bias);
            return super.valueShifted(z, bias);
        }

        @Override
        INDArray backward(INDArray up, INDArray z, INDArray s) {
            if (VectorKernels.enabledFor(up) && VectorKernels.enabledFor(z) && VectorKernels.enabledFor(s)) return SiluKernel.backward(up, z, s);
            return super.backward(up, z, s);
        }

        INDArray secondDerivative(INDArray z, INDArray s) { // σ (1 - σ) (2 + z (1 - 2σ))
            INDArray inner = s.mul(-2.0).addi(1.0).muli(z).addi(2.0);
            return s.rsub(1.0).muli(s).muli(inner);
        }
    },
    /** GELU, φ(z) = z Φ(z) with the exact normal CDF Φ (Hendrycks & Gimpel 2016); memo Φ(z). */
    GELU {
        Evaluation evaluate(INDArray z) {
            INDArray cdf = normalCdf(z);
            return new Evaluation(z.mul(cdf), cdf);
        }

        INDArray derivative(INDArray z, INDArray cdf) { // Φ + z ϕ
            return normalPdf(z).muli(z).addi(cdf);
        }

        INDArray secondDerivative(INDArray z, INDArray cdf) { // ϕ (2 - z²)
            return z.mul(z).rsubi(2.0).muli(normalPdf(z));
        }
    },
    /** tanh; memo the value itself. */
    TANH {
        Evaluation evaluate(INDArray z) {
            INDArray th = Transforms.tanh(z, true);
            return new Evaluation(th, th);
        }

        INDArray derivative(INDArray z, INDArray th) { // 1 - tanh²
            return th.mul(th).rsubi(1.0);
        }

        INDArray secondDerivative(INDArray z, INDArray th) { // -2 tanh (1 - tanh²)
            return th.mul(th).rsubi(1.0).muli(th).muli(-2.0);
        }
    },
    /** softplus, φ(z) = log(1 + eᶻ); memo σ(z). */
    SOFTPLUS {
        Evaluation evaluate(INDArray z) {
            return new Evaluation(Transforms.softPlus(z, true), Transforms.sigmoid(z, true));
        }

        INDArray derivative(INDArray z, INDArray s) { // σ
            return s.dup();
        }

        INDArray secondDerivative(INDArray z, INDArray s) { // σ (1 - σ)
            return s.rsub(1.0).muli(s);
        }
    };

    /** φ(z) and the intermediate its derivatives reuse. */
    record Evaluation(INDArray value, INDArray memo) {}

    abstract Evaluation evaluate(INDArray z);

    /** φ'(z), given the memo {@link #evaluate} returned for z; a new array. */
    abstract INDArray derivative(INDArray z, INDArray memo);

    /** φ''(z), given the memo {@link #evaluate} returned for z; a new array. */
    abstract INDArray secondDerivative(INDArray z, INDArray memo);

    /** A dense layer's activation: z ← z + 1 bᵀ in place (z n × m, the bias b 1 × m), then φ(z) and its memo. */
    Evaluation evaluateShifted(INDArray z, INDArray bias) {
        return evaluate(z.addiRowVector(bias));
    }

    /** As {@link #evaluateShifted}, for inference: φ(z + b) alone; z is scratch, its values afterwards unspecified. */
    INDArray valueShifted(INDArray z, INDArray bias) {
        return evaluateShifted(z, bias).value();
    }

    /** The backward step through φ, up ⊙ φ'(z), given the memo {@link #evaluate} returned for z; a new array. */
    INDArray backward(INDArray up, INDArray z, INDArray memo) {
        return up.mul(derivative(z, memo));
    }

    /** The configuration name ({@code silu}, {@code gelu}, ...). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
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
