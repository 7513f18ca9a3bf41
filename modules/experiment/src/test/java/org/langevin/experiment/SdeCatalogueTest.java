package org.langevin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.langevin.core.Arrays2;
import org.langevin.core.Descriptor.Need;
import org.langevin.core.GaussianMixture;
import org.langevin.core.Marginal;
import org.langevin.core.MixtureFixtures;
import org.langevin.core.RandomStreams;
import org.langevin.core.Sde;
import org.langevin.core.Workspaces;
import org.langevin.experiment.config.Catalogue;
import org.langevin.experiment.config.ExperimentConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every registered SDE family, at its defaults and at each setting its descriptor names, against the Fokker–Planck truth
 * of a linear SDE (read from the registry: no family is named here).
 */
public class SdeCatalogueTest {
    /** (label, SDE, time) for every registered family and variant, at 0.3 T and 0.5 T (at most 1). */
    static Stream<Arguments> families() {
        List<Arguments> out = new ArrayList<>();
        for (var member : Catalogue.sdes().all().values()) {
            String name = member.descriptor().name();
            List<List<String>> settings = new ArrayList<>(List.of(List.of()));
            settings.addAll(member.descriptor().variants());
            for (List<String> extra : settings) {
                List<String> sets = new ArrayList<>(extra);
                sets.add("sde.type=" + name);
                Sde sde = member.factory().create(ExperimentConfig.load(null, sets).settings());
                String label = extra.isEmpty() ? name : name + " " + extra;
                for (double t : new TreeSet<>(List.of(Math.min(1.0, 0.3 * sde.horizon()), Math.min(1.0, 0.5 * sde.horizon())))) {
                    out.add(Arguments.of(label, sde, t));
                }
            }
        }
        return out.stream();
    }

    /** For dx = a x dt + g dW: dm/dt = a m and dσ²/dt = 2 a σ² + g² (moment equations of Fokker–Planck). */
    @ParameterizedTest(name = "{0} at t = {2}")
    @MethodSource("families")
    void marginalSolvesTheMomentEquations(String name, Sde sde, double t) {
        for (double s : new double[] {0.1 * t, 0.5 * t, t, 0.9 * sde.horizon()}) {
            double h = 1e-6 * Math.max(1, s);
            Marginal plus = sde.marginal(s + h);
            Marginal minus = sde.marginal(s - h);
            Marginal at = sde.marginal(s);
            double dm = (plus.meanCoef() - minus.meanCoef()) / (2 * h);
            double dv = (plus.variance() - minus.variance()) / (2 * h);
            double a = sde.driftCoefficient(s);
            double g2 = sde.diffusion(s) * sde.diffusion(s);
            assertThat(dm).as("dm/dt at %s", s).isCloseTo(a * at.meanCoef(), within(1e-6 * Math.max(1, Math.abs(dm))));
            assertThat(dv).as("dσ²/dt at %s", s).isCloseTo(2 * a * at.variance() + g2, within(1e-5 * Math.max(1, Math.abs(dv))));
        }
        assertThat(sde.marginal(0).std()).isCloseTo(0.0, within(1e-12));
        assertThat(sde.marginal(0).meanCoef()).isCloseTo(1.0, within(1e-12));
        // free diffusion dx = √(2D) dW: no drift and a constant diffusion coefficient
        boolean free = sde.driftCoefficient(0.1 * t) == 0 && sde.driftCoefficient(t) == 0 && sde.diffusion(0.1 * t) == sde.diffusion(t);
        assertThat(Catalogue.sdes().descriptor(name.split(" ")[0]).offers(Need.FREE_DIFFUSION)).as("%s declares free diffusion", name)
                .isEqualTo(free);
    }

    static Stream<Arguments> familiesAndDimensions() {
        return families().flatMap(a -> Stream.of(
                Arguments.of(a.get()[0], a.get()[1], a.get()[2], MixtureFixtures.fullCovariance2d()),
                Arguments.of(a.get()[0], a.get()[1], a.get()[2], MixtureFixtures.fullCovariance5d())));
    }

    /** Euler–Maruyama particles of the forward SDE have the mean and covariance of the exact marginal mixture p_t. */
    @ParameterizedTest(name = "{0} at t = {2} in {3}")
    @MethodSource("familiesAndDimensions")
    void forwardSimulationMatchesTheClosedFormMarginal(String name, Sde sde, double t, GaussianMixture data) {
        RandomStreams streams = new RandomStreams(21);
        int n = 20_000;
        int steps = 400;
        INDArray x = data.sample(n, streams.get("x0"));
        double h = t / steps;
        for (int k = 0; k < steps; k++) {
            double s = k * h;
            // Euler–Maruyama: x ← x + a(s) x h + g(s) √h z
            try (var ws = Workspaces.loop("forward")) {
                x.addi(sde.drift(x, s).muli(h)).addi(streams.get("w").normal(DataType.DOUBLE, n, data.dim()).muli(sde.diffusion(s) * Math.sqrt(h)));
            }
        }
        GaussianMixture exact = data.perturbed(sde.marginal(t));
        double[] mean = MixtureFixtures.mean(exact);
        double[][] cov = MixtureFixtures.covariance(exact);
        double[][] sample = Arrays2.toMatrix(x);
        int d = data.dim();
        double[] m = new double[d];
        for (double[] row : sample) for (int i = 0; i < d; i++) m[i] += row[i] / n;
        for (int i = 0; i < d; i++) {
            double tol = 5 * Math.sqrt(cov[i][i] / n) + 0.01 * Math.sqrt(cov[i][i]);
            assertThat(m[i]).as("mean %d", i).isCloseTo(mean[i], within(tol));
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double c = 0;
                for (double[] row : sample) c += (row[i] - m[i]) * (row[j] - m[j]) / (n - 1);
                double scale = Math.sqrt(cov[i][i] * cov[j][j]);
                assertThat(c).as("cov %d %d", i, j).isCloseTo(cov[i][j], within(0.03 * scale));
            }
        }
    }
}
