package io.tweestap.sms.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.sms.domain.Channel;
import io.tweestap.sms.vonage.SendResult;
import io.tweestap.sms.vonage.VonageGateway;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A reserved send handed to Vonage, outside any transaction, and Vonage's answer recorded. A send
 * whose reserving commit answered with a failure (the database went away at that moment) is never
 * handed over — yet the commit may have gone through, leaving a {@code PENDING} row that a repeat
 * would read as "may have gone out" and answer without a text. This instance knows it called
 * nobody: it marks that row {@code REJECTED} ("nothing went out") once the database takes it,
 * retrying in the background; a row that never committed is simply not found.
 */
@ApplicationScoped
public class VonageHandover {

    static final String NEVER_HANDED_OVER = "reservation-unconfirmed";

    private static final Logger LOG = Logger.getLogger(VonageHandover.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MOST_BETWEEN = Duration.ofSeconds(1);
    /** Longer than a database restart or failover. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Inject
    VonageGateway vonage;

    @Inject
    SendAnswers answers;

    @Inject
    Pool pool;

    Uni<IssuedCode> send(Outcome<ReservedSend> outcome) {
        ReservedSend reserved = outcome.orThrow();
        if (reserved.sendId() == null) {
            return Uni.createFrom().item(reserved.issued());
        }
        Uni<SendResult> sending = reserved.channel() == Channel.SMS
                ? vonage.sendSms(reserved.sendId(), reserved.msisdn(), reserved.language(), reserved.code())
                : vonage.call(reserved.sendId(), reserved.msisdn(), reserved.language(), reserved.code());
        return sending
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf("Send %s failed unexpectedly: %s", reserved.sendId(), failure.getClass().getName());
                    return new SendResult.Failed("unexpected-failure");
                })
                .chain(result -> Panache.withTransaction(() -> answers.record(reserved.issued(), reserved.sendId(),
                        reserved.channel(), reserved.tenantId(), reserved.userId(), reserved.purpose(), result)))
                .map(Outcome::orThrow);
    }

    /** @param outcome what the failed reserving transaction decided, or null when it failed before deciding */
    void neverHandedOver(Outcome<ReservedSend> outcome) {
        if (!(outcome instanceof Outcome.Done<ReservedSend> done) || done.value().sendId() == null) {
            return;
        }
        UUID sendId = done.value().sendId();
        markNeverHandedOver(sendId).onFailure().retry().withBackOff(FIRST_RETRY, MOST_BETWEEN).expireIn(PATIENCE.toMillis())
                .subscribe().with(
                        marked -> {
                            if (marked > 0) {
                                LOG.infof("Send %s: its reservation committed although the commit seemed to fail;"
                                        + " never handed to Vonage, marked %s", sendId, NEVER_HANDED_OVER);
                            }
                        },
                        failure -> LOG.warnf("Send %s was never handed to Vonage but could not be marked so: %s",
                                sendId, failure.toString()));
    }

    /** @return 1 when the reservation had committed after all and is now marked, else 0 */
    public Uni<Integer> markNeverHandedOver(UUID sendId) {
        return Uni.createFrom().deferred(() -> pool.preparedQuery(
                        "UPDATE code_send SET status = 'REJECTED', failure_reason = $2 WHERE id = $1 AND status = 'PENDING'")
                .execute(Tuple.of(sendId, NEVER_HANDED_OVER)))
                .map(rows -> rows.rowCount());
    }
}
