package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequiredScopesTest {

    @RolesAllowed("challenge:admin")
    public static class Administration {
        public void unblock() {
        }

        @RolesAllowed({"enrollment:read", "enrollment:admin"})
        public void policy() {
        }
    }

    public static class Open {
        public void anything() {
        }
    }

    @Test
    void theMethodsScopesWinOverItsClasses() throws Exception {
        assertThat(RequiredScopes.of(Administration.class.getMethod("policy")))
                .containsExactly("enrollment:read", "enrollment:admin");
        assertThat(RequiredScopes.of(Administration.class.getMethod("unblock"))).containsExactly("challenge:admin");
        assertThat(RequiredScopes.of(Open.class.getMethod("anything"))).isEmpty();
        assertThat(RequiredScopes.of(null)).isEmpty();
    }

    @Test
    void theDetailNamesTheScopeToAskFor() {
        assertThat(RequiredScopes.detail(List.of("challenge:read")))
                .isEqualTo("The bearer token lacks the scope this operation needs: challenge:read");
        assertThat(RequiredScopes.detail(List.of("enrollment:read", "enrollment:admin")))
                .endsWith("needs: one of enrollment:read, enrollment:admin");
        assertThat(RequiredScopes.detail(List.of())).isEqualTo("The bearer token lacks the scope this operation needs");
    }
}
