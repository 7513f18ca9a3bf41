package org.langevin.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one redaction rule, on every form a secret takes. */
class RedactionTest {
    @Test
    void secretKeysUriAndBareCredentialsAndRememberedSecretsAreMasked() {
        assertThat(Redaction.value("tracking.password", "hunter2")).isEqualTo("***");
        assertThat(Redaction.value("train.steps", "10")).isEqualTo("10");
        assertThat(Redaction.text("http://alice:pw-9f@host:5000/x")).isEqualTo("http://***@host:5000/x");
        assertThat(Redaction.text("/mnt/alice:pw-9f@share/x.csv")).isEqualTo("/mnt/***@share/x.csv");
        assertThat(Redaction.text("http://127.0.0.1:5000/#/experiments/1 git@host:org/repo a@b.c")).doesNotContain("***");
        assertThat(Redaction.text("x0,x1\n0.5,dsn=alice:pw-9f@host,-1.25\n")).isEqualTo("x0,x1\n0.5,***@host,-1.25\n");
        assertThat(Redaction.text("source;alice:pw-9f@host")).isEqualTo("source;***@host");
        String numbers = "0.125,-1.5,3.0e-4,".repeat(20_000) + "\n"; // a sample row of a clip: no @, passed through unchanged
        assertThat(Redaction.text(numbers)).isSameAs(numbers);
        Redaction.rememberAll(Map.of("tracking.token", "tok-redaction-1", "data.path", "s3://u:pass-redaction-2@bucket/x"));
        assertThat(Redaction.text("tok-redaction-1 and pass-redaction-2")).isEqualTo("*** and ***");
    }

    @Test
    void theEnvironmentIsRememberedBySecretNamesAndUrisNotByBareColonAt() {
        Redaction.rememberEnvironment(Map.of("IMAGE", "repo:1.2.3-redaction@sha256", "MY_API_KEY", "env-redaction-3"));
        assertThat(Redaction.text("version 1.2.3-redaction")).isEqualTo("version 1.2.3-redaction");
        assertThat(Redaction.text("key env-redaction-3")).isEqualTo("key ***");
    }

    @Test
    void aNameHoldsASecretWhenTheRedactionWouldChangeIt() {
        Redaction.remember("name-redaction-4");
        assertThat(Redaction.holdsSecret("exp-name-redaction-4")).isTrue();
        assertThat(Redaction.holdsSecret("fashion")).isFalse();
        assertThat(Redaction.withoutMaskedCredentials("http://***@host/x")).isEqualTo("http://host/x");
        assertThat(Redaction.withoutMaskedCredentials("/mnt/***@share/x")).isEqualTo("/mnt/***@share/x");
        assertThat(Redaction.json(Spool.JSON.createObjectNode().put("source", "/mnt/bob:pw-redaction-5@share")).toString())
                .contains("***@share").doesNotContain("pw-redaction-5");
    }
}
