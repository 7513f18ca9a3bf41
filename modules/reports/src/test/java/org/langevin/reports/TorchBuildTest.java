package org.langevin.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.langevin.core.ConfigException;

/** What the bench report says of a PyTorch build, and where PyPI's build lives. */
class TorchBuildTest {
    @Test
    void theBuildLineNamesVersionBlasOnednnAndCapability() {
        TorchBuild b = TorchBuild.parse("PyPI", Path.of("/venv/bin/python"),
                "{\"version\": \"2.15.0+cu132\", \"blas\": \"mkl\", \"onednn\": \"v3.13.3\", \"capability\": \"AVX512\"}");
        assertThat(b.label()).isEqualTo("torch 2.15.0+cu132 (PyPI)");
        assertThat(b.configLine()).contains("BLAS_INFO=mkl", "oneDNN v3.13.3", "CPU capability AVX512", "/venv/bin/python");
        TorchBuild debian = TorchBuild.parse("Debian", Path.of("/usr/bin/python3"), "{\"version\": \"1.13.1\", \"blas\": \"generic\"}");
        assertThat(debian.onednn()).isEqualTo("none");
    }

    @Test
    void pypisVenvLivesInTheUsersCacheAndNeverInTheProject() {
        assertThat(TorchBuild.defaultVenv(Map.of("XDG_CACHE_HOME", "/tmp/cache"))).isEqualTo(Path.of("/tmp/cache/langevin/torch-pypi"));
        assertThat(TorchBuild.defaultVenv(Map.of()).toString()).endsWith(".cache/langevin/torch-pypi");
        Path project = Path.of("/work/project");
        assertThatThrownBy(() -> TorchBuild.find(project.resolve("venv"), project, System.err)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--torch-venv").hasMessageContaining("outside the project");
    }
}
