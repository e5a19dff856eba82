package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceCallsTest {

    private final AtomicInteger minted = new AtomicInteger();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @Test
    void theCallGetsATokenForThatServiceTenantAndScopeOnlyWhenSubscribed() {
        List<String> bearers = new CopyOnWriteArrayList<>();
        Uni<Response> call = calls().call("sms-service", "acme", "sms:write", bearer -> {
            bearers.add(bearer);
            return Uni.createFrom().nullItem();
        });
        assertThat(minted).as("nothing minted before the call runs").hasValue(0);

        call.await().atMost(Duration.ofSeconds(5));

        assertThat(asked).containsExactly("sms-service acme sms:write");
        assertThat(bearers).containsExactly("Bearer 1");
    }

    @Test
    void aRetryCallsAgainWithAFreshToken() {
        List<String> bearers = new CopyOnWriteArrayList<>();
        calls().call("challenge-service", "acme", "challenge:write", bearer -> {
                    bearers.add(bearer);
                    return bearers.size() < 3 ? Uni.createFrom().failure(new IllegalStateException("not yet"))
                            : Uni.createFrom().nullItem();
                })
                .onFailure().retry().atMost(5)
                .await().atMost(Duration.ofSeconds(5));

        assertThat(bearers).containsExactly("Bearer 1", "Bearer 2", "Bearer 3");
    }

    @Test
    void withoutAVertxContextTheAnswerComesOnTheThreadThatHadIt() {
        Thread[] answeredOn = new Thread[1];
        calls().call("sms-service", "acme", "sms:write", bearer -> Uni.createFrom().nullItem())
                .invoke(() -> answeredOn[0] = Thread.currentThread())
                .await().atMost(Duration.ofSeconds(5));

        assertThat(answeredOn[0]).isSameAs(Thread.currentThread());
    }

    private ServiceCalls calls() {
        ServiceCalls calls = new ServiceCalls();
        calls.tokens = new ServiceTokens() {
            @Override
            public String bearer(String audience, String tenantId, String... scopes) {
                asked.add(audience + " " + tenantId + " " + String.join(" ", scopes));
                return "Bearer " + minted.incrementAndGet();
            }
        };
        return calls;
    }
}
