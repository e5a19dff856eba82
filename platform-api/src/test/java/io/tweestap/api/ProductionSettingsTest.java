package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProductionSettingsTest {

    private static final List<String> SECRETS = List.of("quarkus.datasource.password", "tweestap.sms.code-hmac-key");
    private static final List<String> URLS = List.of("tweestap.enrollment.public-url");

    @Test
    void ownSecretsAndAnHttpsUrlPass() {
        assertThat(problems(Map.of(
                "quarkus.datasource.username", "sms",
                "quarkus.datasource.password", "u8#Kq2-vLz!r9",
                "tweestap.sms.code-hmac-key", "5mB0x2cW4nN7rQ1tY9uA3sD6fG8hJ0kL",
                "tweestap.enrollment.public-url", "https://mfa.acme.example"))).isEmpty();
    }

    @Test
    void theRoleNameAsPasswordIsRefused() {
        assertThat(problems(Map.of("quarkus.datasource.username", "payments", "quarkus.datasource.password", "payments",
                "tweestap.sms.code-hmac-key", "5mB0x2cW4nN7rQ1tY9uA3sD6fG8hJ0kL",
                "tweestap.enrollment.public-url", "https://mfa.acme.example")))
                .containsExactly("quarkus.datasource.password is a default or example value: set a secret of your own");
    }

    @Test
    void everyValueThatShipsInTheRepositoryIsRefused() {
        for (String known : List.of("sms", "enrollment", "change-me", "dev-only-code-hmac-key-0123456789abcdef",
                "test-only-code-hmac-key-0123456789abcdef", "compose-only-code-hmac-key-change-me-0123456789")) {
            assertThat(problems(Map.of("quarkus.datasource.password", "u8#Kq2-vLz!r9", "tweestap.sms.code-hmac-key", known,
                    "tweestap.enrollment.public-url", "https://mfa.acme.example")))
                    .as(known).containsExactly("tweestap.sms.code-hmac-key is a default or example value: set a secret of your own");
        }
    }

    @Test
    void aMissingSecretIsNamedAndNoValueIsEverPrinted() {
        Map<String, String> settings = new HashMap<>(Map.of("quarkus.datasource.password", "sms",
                "tweestap.enrollment.public-url", "http://mfa.acme.example"));
        List<String> problems = problems(settings);
        assertThat(problems).containsExactly(
                "quarkus.datasource.password is a default or example value: set a secret of your own",
                "tweestap.sms.code-hmac-key is not set",
                "tweestap.enrollment.public-url must be an https URL (plain http only to localhost)");
        assertThat(String.join(" ", problems)).doesNotContain("mfa.acme.example");
    }

    @Test
    void anUnsetPublicUrlIsLeftToTheService() {
        assertThat(ProductionSettings.problems(name -> Optional.empty(), List.of(), List.of("tweestap.vonage.voice-event-url")))
                .isEmpty();
    }

    @Test
    void plainHttpIsOnlyAcceptedToThisMachine() {
        for (String url : List.of("http://localhost:8081", "http://127.0.0.1:8081/", "https://mfa.acme.example/x")) {
            assertThat(urlProblems(url)).as(url).isEmpty();
        }
        for (String url : List.of("http://mfa.acme.example", "http://10.0.0.5:8081", "ftp://mfa.acme.example",
                "mfa.acme.example", "https://", "http://localhost.acme.example")) {
            assertThat(urlProblems(url)).as(url).hasSize(1);
        }
    }

    private static List<String> urlProblems(String url) {
        return ProductionSettings.problems(name -> Optional.ofNullable(Map.of("u", url).get(name)), List.of(), List.of("u"));
    }

    private static List<String> problems(Map<String, String> settings) {
        return ProductionSettings.problems(name -> Optional.ofNullable(settings.get(name)), SECRETS, URLS);
    }

    @Test
    void onlyTheProdProfileRefusesToStartAndItNamesThePropertiesReadFromConfiguration() {
        Config laptop = config(Map.of("quarkus.datasource.username", "sms", "quarkus.datasource.password", "sms",
                "tweestap.production.secrets", "quarkus.datasource.password,tweestap.sms.code-hmac-key",
                "tweestap.sms.code-hmac-key", "dev-only-code-hmac-key-0123456789abcdef"));

        assertThatCode(() -> ProductionSettings.refuseUnsafe(laptop, List.of("dev"))).doesNotThrowAnyException();
        assertThatCode(() -> ProductionSettings.refuseUnsafe(laptop, List.of("test"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> ProductionSettings.refuseUnsafe(laptop, List.of("prod")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Refusing to start in the prod profile: quarkus.datasource.password is a default or example value: "
                        + "set a secret of your own; tweestap.sms.code-hmac-key is a default or example value: "
                        + "set a secret of your own (decision 0016)");
    }

    @Test
    void aProductionConfigurationStarts() {
        Config production = config(Map.of("quarkus.datasource.username", "enrollment",
                "quarkus.datasource.password", "u8#Kq2-vLz!r9",
                "tweestap.production.secrets", "quarkus.datasource.password",
                "tweestap.production.public-urls", "tweestap.enrollment.public-url",
                "tweestap.enrollment.public-url", "https://mfa.acme.example"));

        assertThatCode(() -> ProductionSettings.refuseUnsafe(production, List.of("prod"))).doesNotThrowAnyException();
    }

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 500)).build();
    }
}
