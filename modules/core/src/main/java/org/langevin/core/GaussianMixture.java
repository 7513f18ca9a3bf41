package org.langevin.core;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Gaussian mixture Σ_k w_k N(μ_k, Σ_k) with full covariances, in closed form: density, score and divergence of
 * the score. Each covariance is kept as its eigendecomposition Σ_k = Q_k Λ_k Q_kᵀ, so that the mixture perturbed by
 * a linear SDE, Σ_k w_k N(m μ_k, m² Σ_k + σ² I), shares Q_k and only maps Λ_k ↦ m² Λ_k + σ² (Fokker–Planck in
 * closed form). This is the ground truth the rest of the project is tested against.
 */
public final class GaussianMixture {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private final double[] weights;
    private final double[][] means;
    private final double[][][] eigenvectors; // [k][row][column]: columns are eigenvectors
    private final double[][] eigenvalues;
    private final int dim;

    private GaussianMixture(double[] weights, double[][] means, double[][][] eigenvectors, double[][] eigenvalues) {
        this.weights = weights;
        this.means = means;
        this.eigenvectors = eigenvectors;
        this.eigenvalues = eigenvalues;
        dim = means[0].length;
    }

    /** A mixture from weights (positive, normalised here), means and symmetric positive-definite covariances; else IllegalArgumentException. */
    public static GaussianMixture of(double[] weights, double[][] means, double[][][] covariances) {
        int k = weights.length;
        if (k == 0) throw new IllegalArgumentException("a mixture needs at least one component");
        if (means.length != k || covariances.length != k) {
            throw new IllegalArgumentException("weights, means and covariances must have the same number of components (got "
                    + k + ", " + means.length + ", " + covariances.length + ")");
        }
        int dim = means[0].length;
        double total = 0;
        for (double w : weights) {
            if (!(w > 0) || !Double.isFinite(w)) throw new IllegalArgumentException("mixture weights must be positive, got " + w);
            total += w;
        }
        double[] normalised = new double[k];
        double[][][] vectors = new double[k][][];
        double[][] values = new double[k][]; // Σ_c = Q_c Λ_c Q_cᵀ: vectors Q_c, values Λ_c
        for (int c = 0; c < k; c++) {
            normalised[c] = weights[c] / total;
            if (means[c].length != dim) throw new IllegalArgumentException("mean " + c + " has dimension " + means[c].length + ", expected " + dim);
            CovarianceEigen eig = CovarianceEigen.of(covariances[c], dim, "covariance " + c);
            values[c] = eig.values();
            vectors[c] = eig.vectors();
        }
        return new GaussianMixture(normalised, Arrays.stream(means).map(double[]::clone).toArray(double[][]::new), vectors, values);
    }

    /** A mixture from normalised weights and decomposed covariances, whose eigenvalues may be 0 (a degenerate posterior). */
    static GaussianMixture ofEigen(double[] weights, double[][] means, CovarianceEigen[] covariances) {
        return new GaussianMixture(weights, means, Arrays.stream(covariances).map(CovarianceEigen::vectors).toArray(double[][][]::new),
                Arrays.stream(covariances).map(CovarianceEigen::values).toArray(double[][]::new));
    }

    /** An isotropic mixture: every component has covariance std² I. */
    public static GaussianMixture isotropic(double[] weights, double[][] means, double std) {
        int dim = means[0].length;
        double[][][] covs = new double[weights.length][dim][dim];
        for (double[][] cov : covs) for (int i = 0; i < dim; i++) cov[i][i] = std * std;
        return of(weights, means, covs);
    }

    public int dim() {
        return dim;
    }

    public int components() {
        return weights.length;
    }

    /** The law of m·x0 + σ·z with x0 from this mixture and z ~ N(0, I): the SDE marginal p_t. */
    public GaussianMixture perturbed(Marginal marginal) {
        double m = marginal.meanCoef();
        double s2 = marginal.variance();
        double[][] newMeans = new double[means.length][dim];
        double[][] newValues = new double[means.length][dim];
        for (int c = 0; c < means.length; c++) {
            for (int i = 0; i < dim; i++) {
                newMeans[c][i] = m * means[c][i];
                newValues[c][i] = m * m * eigenvalues[c][i] + s2;
            }
        }
        return new GaussianMixture(weights, newMeans, eigenvectors, newValues);
    }

    /** log p(x) per row, in nats. */
    public double[] logDensity(double[][] x) {
        double[] out = new double[x.length];
        double[] logs = new double[weights.length];
        double[] y = new double[dim];
        for (int n = 0; n < x.length; n++) {
            for (int c = 0; c < weights.length; c++) {
                logs[c] = componentLogDensity(c, x[n], y);
            }
            out[n] = Arrays2.logSumExp(logs);
        }
        return out;
    }

    /** The score ∇ log p(x) per row. */
    public double[][] score(double[][] x) {
        return scoreAndDivergence(x).score();
    }

    /**
     * Score and divergence per row. With a_k = -Σ_k⁻¹(x - μ_k) and responsibilities r_k:
     * s = Σ r_k a_k and ∇·s = Σ r_k (|a_k|² - tr Σ_k⁻¹) - |s|².
     */
    public ScoreAndDivergence scoreAndDivergence(double[][] x) {
        int k = weights.length;
        double[][] score = new double[x.length][dim];
        double[] divergence = new double[x.length];
        double[] r = new double[k];
        double[][] a = new double[k][dim];
        double[] y = new double[dim];
        double[] traces = new double[k];
        for (int c = 0; c < k; c++) for (double v : eigenvalues[c]) traces[c] += 1.0 / v;
        for (int n = 0; n < x.length; n++) {
            responsibilities(x[n], r, a, y);
            double div = 0;
            for (int c = 0; c < k; c++) {
                double a2 = 0;
                for (int i = 0; i < dim; i++) {
                    score[n][i] += r[c] * a[c][i];
                    a2 += a[c][i] * a[c][i];
                }
                div += r[c] * (a2 - traces[c]);
            }
            double s2 = 0;
            for (int i = 0; i < dim; i++) s2 += score[n][i] * score[n][i];
            divergence[n] = div - s2;
        }
        return new ScoreAndDivergence(score, divergence);
    }

    /**
     * Score and the Hessian–vector product vᵀ ∇∇ log p per row:
     * ∇∇ log p = Σ r_k (a_k a_kᵀ - Σ_k⁻¹) - s sᵀ (symmetric, so vᵀH = Hv).
     */
    public double[][][] scoreAndHessianVectorProduct(double[][] x, double[][] v) {
        int k = weights.length;
        double[][] score = new double[x.length][dim];
        double[][] hv = new double[x.length][dim];
        double[] r = new double[k];
        double[][] a = new double[k][dim];
        double[] y = new double[dim];
        double[] qv = new double[dim];
        for (int n = 0; n < x.length; n++) {
            responsibilities(x[n], r, a, y);
            for (int c = 0; c < k; c++) {
                double[][] q = eigenvectors[c];
                double av = 0;
                for (int i = 0; i < dim; i++) av += a[c][i] * v[n][i];
                for (int j = 0; j < dim; j++) {
                    double p = 0;
                    for (int i = 0; i < dim; i++) p += q[i][j] * v[n][i];
                    qv[j] = p / eigenvalues[c][j];
                }
                for (int i = 0; i < dim; i++) {
                    double inv = 0;
                    for (int j = 0; j < dim; j++) inv += q[i][j] * qv[j];
                    score[n][i] += r[c] * a[c][i];
                    hv[n][i] += r[c] * (a[c][i] * av - inv);
                }
            }
            double sv = 0;
            for (int i = 0; i < dim; i++) sv += score[n][i] * v[n][i];
            for (int i = 0; i < dim; i++) hv[n][i] -= score[n][i] * sv;
        }
        return new double[][][] {score, hv};
    }

    /** n independent draws (rows), in double precision. */
    public INDArray sample(int n, RandomStream stream) {
        return MixtureDraws.of(this, n, stream).points();
    }

    /** Q_c, the eigenvectors of component c's covariance as columns (not a copy). */
    double[][] eigenvectors(int c) {
        return eigenvectors[c];
    }

    /** Λ_c, the eigenvalues of component c's covariance (not a copy). */
    double[] eigenvalues(int c) {
        return eigenvalues[c];
    }

    /** Component c alone, as a one-component mixture: the law of the rows labelled c. */
    public GaussianMixture component(int c) {
        return new GaussianMixture(new double[] {1}, new double[][] {means[c].clone()}, new double[][][] {eigenvectors[c]},
                new double[][] {eigenvalues[c]});
    }

    /** Covariance of component c, rebuilt from its eigendecomposition. */
    public double[][] covariance(int c) {
        return new CovarianceEigen(eigenvalues[c], eigenvectors[c]).matrix();
    }

    public double weight(int c) {
        return weights[c];
    }

    public double[] mean(int c) {
        return means[c].clone();
    }

    /**
     * Posterior responsibilities r_k(x) ∝ w_k N(x; μ_k, Σ_k) into {@code r}, and a_k = -Σ_k⁻¹(x - μ_k) = -Q_k (y / λ_k)
     * into {@code a}; {@code y} is scratch.
     */
    private void responsibilities(double[] x, double[] r, double[][] a, double[] y) {
        for (int c = 0; c < weights.length; c++) {
            r[c] = componentLogDensity(c, x, y);
            double[][] q = eigenvectors[c];
            for (int i = 0; i < dim; i++) {
                double sum = 0;
                for (int j = 0; j < dim; j++) sum += q[i][j] * y[j] / eigenvalues[c][j];
                a[c][i] = -sum;
            }
        }
        double top = Arrays2.max(r);
        double norm = 0;
        for (int c = 0; c < weights.length; c++) norm += r[c] = Math.exp(r[c] - top);
        for (int c = 0; c < weights.length; c++) r[c] /= norm;
    }

    /** log w_c + log N(x; μ_c, Σ_c); leaves y = Q_cᵀ (x - μ_c) in the buffer. */
    private double componentLogDensity(int c, double[] x, double[] y) {
        double[][] q = eigenvectors[c];
        double maha = 0;
        double logDet = 0;
        for (int j = 0; j < dim; j++) {
            double v = 0;
            for (int i = 0; i < dim; i++) v += q[i][j] * (x[i] - means[c][i]);
            y[j] = v;
            maha += v * v / eigenvalues[c][j];
            logDet += Math.log(eigenvalues[c][j]);
        }
        return Math.log(weights[c]) - 0.5 * (maha + logDet + dim * LOG_2PI);
    }

    /** Score rows and the divergence of the score per row. */
    public record ScoreAndDivergence(double[][] score, double[] divergence) {}
}
