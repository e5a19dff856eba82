package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemAnswers;
import io.tweestap.api.ServiceCalls;
import io.tweestap.enrollment.client.ChallengeServiceClient;
import io.tweestap.enrollment.client.ChallengeServiceClient.ChallengeView;
import io.tweestap.enrollment.client.ChallengeServiceClient.TestChallengeRequest;
import io.tweestap.enrollment.domain.Device;
import io.tweestap.enrollment.domain.DeviceMove;
import io.tweestap.enrollment.repository.DeviceMoveRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The question a move to a new phone puts to its old device (decision 0094), through challenge-service:
 * asked once the new phone has activated, with number matching like a sign-in, and withdrawn when the
 * move is abandoned before it was answered. Its answer arrives as an event ({@link MoveEndings}).
 */
@ApplicationScoped
public class MoveQuestion {

    /**
     * challenge-service's push to one named device, the wizard's test push: the old device shows the
     * application below and asks for the number on the page, like a sign-in.
     */
    static final String PURPOSE = TestNotifications.PURPOSE;
    static final String APPLICATION = "Tweestap: move to a new phone";
    /** The audience challenge-service checks on the tokens minted for it (decision 0009). */
    private static final String CHALLENGE_SERVICE = "challenge-service";
    private static final Logger LOG = Logger.getLogger(MoveQuestion.class);

    @Inject
    DeviceMoveRepository moves;

    @Inject
    MoveEndings endings;

    @Inject
    ServiceCalls calls;

    @Inject
    @RestClient
    ChallengeServiceClient challenges;

    /**
     * Asks the old device to approve the move to {@code fresh}. A failure to ask is a {@link SetupFailure}
     * (the move is unchanged; the page asks again); a refusal abandons the move.
     */
    Uni<Void> ask(DeviceMove move, Device fresh) {
        TestChallengeRequest request = new TestChallengeRequest(move.userId, PURPOSE, move.oldDeviceId.toString(),
                APPLICATION);
        return calls.call(CHALLENGE_SERVICE, move.tenantId, "challenge:write", bearer -> challenges.create(bearer, request))
                .onFailure().transform(e -> new SetupFailure(SetupError.SERVICE_UNAVAILABLE))
                .chain(response -> switch (response.getStatus()) {
                    case 201 -> {
                        ChallengeView view = response.readEntity(ChallengeView.class);
                        yield Panache.withTransaction(() -> moves.askedOldDevice(move.id, fresh.id, view.challengeId(),
                                view.numberToShow())).replaceWithVoid();
                    }
                    // The user's setup pushes are limited like sign-in pushes: say how long to wait.
                    case 429 -> Uni.createFrom().failure(new SetupFailure(SetupError.TEST_PUSH_LIMITED,
                            ProblemAnswers.retryAfter(response)));
                    // The old device is blocked or its pushes are: it cannot approve, so the move cannot happen.
                    case 403, 404, 409, 422 -> {
                        LOG.infof("challenge-service refused to ask the old device of a move: %s",
                                ProblemAnswers.type(response));
                        yield endings.refusedToAsk(move.id);
                    }
                    default -> {
                        LOG.warnf("challenge-service answered %d to a move's challenge", response.getStatus());
                        yield Uni.createFrom().failure(new SetupFailure(SetupError.SERVICE_UNAVAILABLE));
                    }
                });
    }

    /**
     * The old device's question leaves its screen (ChallengeCancelled), so the person is not asked to
     * approve a move that no longer exists; an approval arriving anyway changes nothing. Best effort:
     * the push expires by itself when challenge-service cannot be reached.
     */
    Uni<Void> withdraw(DeviceMove move) {
        if (move.challengeId == null) {
            return Uni.createFrom().voidItem();
        }
        return calls.call(CHALLENGE_SERVICE, move.tenantId, "challenge:write", bearer -> challenges.cancel(bearer,
                        move.challengeId))
                .invoke(response -> {
                    // 409: answered, expired or cancelled already; nothing left to withdraw.
                    if (response.getStatus() != 200 && response.getStatus() != 409) {
                        LOG.infof("challenge-service answered %d to withdrawing a move's push", response.getStatus());
                    }
                })
                .onFailure().invoke(failure -> LOG.infof("Withdrawing a move's push failed: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
