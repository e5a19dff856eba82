package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerTenantTest {

    @Test
    void aStringTenantIsTheCallersTenant() {
        assertThat(tenantOf(Map.of("tenant", "acme"))).isEqualTo("acme");
        assertThat(tenantOf(Map.of("tenant", Json.createValue("acme")))).isEqualTo("acme");
    }

    @Test
    void aNumericTenantIsAnInvalidTokenNotAServerError() {
        assertThatThrownBy(() -> tenantOf(Map.of("tenant", Json.createValue(42))))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> tenantOf(Map.of("tenant", Json.createArrayBuilder().add("acme").build())))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void noTenantIsForbidden() {
        assertThatThrownBy(() -> tenantOf(Map.of()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(403));
    }

    private static String tenantOf(Map<String, Object> claims) {
        CallerTenant caller = new CallerTenant();
        caller.token = new ClaimsToken(claims);
        return caller.id();
    }
}
