package org.langevin.losses;

import java.util.Collections;
import org.langevin.core.Loss;
import org.langevin.core.RandomStream;
import org.langevin.core.RandomStreams;
import org.langevin.core.TrainableScore;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Sliced score matching (Song, Garg, Shi & Ermon 2019) per noise level: ℓ = vᵀ ∇ₓ(vᵀ s) + ½ (vᵀ s)², or with variance
 * reduction (SSM-VR) ℓ = vᵀ ∇ₓ(vᵀ s) + ½ ‖s‖², for projections with E[v vᵀ] = I; both equal ½ E‖s - ∇log p_t‖² up to
 * a constant. The directional derivative is a central finite difference of the score along v,
 * vᵀ∇ₓ(vᵀ s) ≈ vᵀ (s(x + h v) - s(x - h v)) / (2h) (finite-difference score matching, Pang et al. 2020), so training
 * needs only first-order backpropagation.
 */
public final class SlicedScoreMatching implements Loss {
    /** The distribution of the projection v; each has E[v vᵀ] = I. */
    public enum Projection {
        RADEMACHER, GAUSSIAN,
        /** uniform on the sphere of radius √D */
        SPHERE;

        public INDArray draw(RandomStream stream, DataType type, int n, int dim) {
            return switch (this) {
                case RADEMACHER -> stream.rademacher(type, n, dim);
                case GAUSSIAN -> stream.normal(type, n, dim);
                case SPHERE -> {
                    INDArray g = stream.normal(type, n, dim);
                    yield g.diviColumnVector(g.norm2(1).reshape(n, 1)).muli(Math.sqrt(dim));
                }
            };
        }
    }

    private final NoiseLevels levels;
    private final int projections;
    private final Projection projection;
    private final boolean varianceReduced;
    private final double step;

    public SlicedScoreMatching(NoiseLevels levels, int projections, Projection projection, boolean varianceReduced, double step) {
        if (projections < 1) throw new IllegalArgumentException("at least one projection");
        if (!(step > 0)) throw new IllegalArgumentException("the finite-difference step must be positive");
        this.levels = levels;
        this.projections = projections;
        this.projection = projection;
        this.varianceReduced = varianceReduced;
        this.step = step;
    }

    @Override
    public Value evaluate(TrainableScore model, INDArray x0, RandomStreams streams) {
        DataType type = model.dataType();
        NoiseLevels.Perturbed p = levels.perturb(x0, streams, type);
        // M projections per point: the batch repeated M times, one v per row
        INDArray x = Nd4j.concat(0, Collections.nCopies(projections, p.xt()).toArray(INDArray[]::new));
        INDArray t = Nd4j.concat(0, Collections.nCopies(projections, p.t()).toArray(INDArray[]::new));
        INDArray w = Nd4j.concat(0, Collections.nCopies(projections, p.weight()).toArray(INDArray[]::new));
        int rows = (int) x.rows();
        INDArray v = projection.draw(streams.get("train/projection"), type, rows, (int) x.columns());
        INDArray hv = v.mul(step);
        // one forward pass over [x + h v; x - h v; x]
        TrainableScore.TrainingPass pass = model.forward(Nd4j.concat(0, x.add(hv), x.sub(hv), x), Nd4j.concat(0, t, t, t));
        INDArray plus = rows(pass.score(), 0, rows);
        INDArray minus = rows(pass.score(), rows, 2 * rows);
        INDArray s = rows(pass.score(), 2 * rows, 3 * rows);
        INDArray curvature = plus.sub(minus).muli(v).sum(1).reshape(rows, 1).divi(2 * step); // vᵀ∇(vᵀs)
        INDArray vs = s.mul(v).sum(1).reshape(rows, 1);
        INDArray quadratic = varianceReduced ? s.mul(s).sum(1).reshape(rows, 1).muli(0.5) : vs.mul(vs).muli(0.5);
        double loss = curvature.add(quadratic).muli(w).sumNumber().doubleValue() / rows;
        INDArray perRow = w.div(rows);
        INDArray dPlus = v.mulColumnVector(perRow.div(2 * step));
        INDArray dS = varianceReduced ? s.mulColumnVector(perRow) : v.mulColumnVector(vs.mul(perRow));
        return new Value(loss, pass.backward(Nd4j.concat(0, dPlus, dPlus.neg(), dS)));
    }

    private static INDArray rows(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }
}
