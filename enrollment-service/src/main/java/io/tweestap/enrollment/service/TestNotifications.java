package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemAnswers;
import io.tweestap.api.ServiceCalls;
import io.tweestap.enrollment.client.ChallengeServiceClient.ChallengeView;
import io.tweestap.enrollment.client.ChallengeServiceClient.TestChallengeRequest;
import io.tweestap.enrollment.client.ChallengeServiceClient;
import io.tweestap.enrollment.domain.Device;
import io.tweestap.enrollment.domain.WizardSession;
import io.tweestap.enrollment.repository.DeviceRepository;
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.enrollment.repository.WizardSessionRepository;
import io.tweestap.events.enrollment.DeviceVerified;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The wizard's test notification: challenge-service sends a push to the new device; its
 * {@code ChallengeApproved} (purpose {@value #PURPOSE}) makes the device verified, and its
 * {@code ChallengeDenied}, {@code ChallengeExpired} or {@code ChallengeCancelled} is kept on the
 * wizard session so the page can say what happened.
 */
@ApplicationScoped
public class TestNotifications {

    public static final String PURPOSE = "ENROLLMENT_TEST";
    private static final Logger LOG = Logger.getLogger(TestNotifications.class);

    public enum State { WAITING, APPROVED }

    /** What the test step shows: the number to type on the phone, and whether it was approved. */
    public record TestProgress(State state, String numberToShow, Instant expiresAt) {
    }

    /** challenge-service has not read our DeviceRegistered yet; worth another try in a moment. */
    static final class DeviceNotKnownYet extends RuntimeException {
        DeviceNotKnownYet() {
            super("device-not-known-yet", null, false, false);
        }
    }

    @Inject
    Clock clock;

    @Inject
    @RestClient
    ChallengeServiceClient challenges;

    /** The audience challenge-service checks on the tokens minted for it (decision 0009). */
    private static final String CHALLENGE_SERVICE = "challenge-service";

    @Inject
    ServiceCalls calls;

    @Inject
    DeviceRepository devices;

    @Inject
    WizardSessionRepository sessions;

    @Inject
    UserSetupLock setupLock;

    @Inject
    EnrollmentService enrollments;

    @Inject
    Outbox outbox;

    /** Sends the test push unless one is still pending for this session's device. */
    public Uni<TestProgress> send(WizardSession session) {
        if (session.deviceId == null) {
            return Uni.createFrom().failure(new SetupFailure(SetupError.DEVICE_NOT_ANSWERING));
        }
        if (session.challengeId != null && session.challengeExpiresAt != null
                && session.challengeExpiresAt.isAfter(Instant.now(clock))) {
            return progress(session);
        }
        TestChallengeRequest request = new TestChallengeRequest(session.userId, PURPOSE, session.deviceId.toString(),
                "Tweestap setup");
        return calls.call(CHALLENGE_SERVICE, session.tenantId, "challenge:write", bearer -> challenges.create(bearer, request))
                .map(response -> switch (response.getStatus()) {
                    case 201 -> response.readEntity(ChallengeView.class);
                    case 409 -> throw refusal(ProblemAnswers.type(response));
                    // The user's test pushes are limited like sign-in pushes: say how long to wait.
                    case 429 -> throw new SetupFailure(SetupError.TEST_PUSH_LIMITED, ProblemAnswers.retryAfter(response));
                    default -> {
                        LOG.warnf("challenge-service answered %d to a test challenge", response.getStatus());
                        throw new SetupFailure(SetupError.SERVICE_UNAVAILABLE);
                    }
                })
                // The device's key reaches challenge-service by event; give it a few seconds to arrive.
                .onFailure(DeviceNotKnownYet.class).retry()
                .withBackOff(Duration.ofMillis(250), Duration.ofSeconds(1)).atMost(8)
                .onFailure(DeviceNotKnownYet.class).transform(e -> new SetupFailure(SetupError.DEVICE_NOT_ANSWERING))
                .onFailure(failure -> !(failure instanceof SetupFailure))
                .transform(e -> new SetupFailure(SetupError.SERVICE_UNAVAILABLE))
                // The challenge and the device it went to, together: only their approval verifies (approved()).
                .call(view -> Panache.withTransaction(() -> sessions.sentTestPush(session.tokenHash, view.challengeId(),
                        view.numberToShow(), view.expiresAt(), session.deviceId)))
                .map(view -> new TestProgress(State.WAITING, view.numberToShow(), view.expiresAt()));
    }

    /**
     * Only "not known yet" is worth another try; a fraud block holds until an administrator lifts
     * it, so retrying it would only record more refusals and end on the wrong explanation.
     */
    private static RuntimeException refusal(String type) {
        if (type == null || "device-not-known-yet".equals(type)) {
            return new DeviceNotKnownYet();
        }
        if ("pushes-blocked".equals(type)) {
            return new SetupFailure(SetupError.PUSHES_BLOCKED);
        }
        LOG.warnf("challenge-service refused a test challenge: %s", type);
        return new SetupFailure(SetupError.SERVICE_UNAVAILABLE);
    }

    /**
     * Everything arrives as events: an approval makes the device VERIFIED, a denial, expiry or
     * cancellation is kept on the session ({@link #ended}). The page's polls read only this database.
     */
    public Uni<TestProgress> progress(WizardSession session) {
        if (session.deviceId == null || session.challengeId == null) {
            return Uni.createFrom().item(new TestProgress(State.WAITING, null, null));
        }
        return Panache.withSession(() -> devices.findById(session.deviceId)).map(device -> {
            if (device != null && device.status == Device.Status.VERIFIED) {
                return new TestProgress(State.APPROVED, session.numberToShow, session.challengeExpiresAt);
            }
            TestPushOutcome outcome = TestPushOutcome.stored(session.testOutcome);
            if (outcome != null) {
                throw new SetupFailure(outcome.error());
            }
            // The expiry event is late or lost in a broker outage: past its time the push is not answered.
            if (session.challengeExpiresAt != null && session.challengeExpiresAt.plusSeconds(5).isBefore(Instant.now(clock))) {
                throw new SetupFailure(SetupError.DEVICE_NOT_ANSWERING);
            }
            return new TestProgress(State.WAITING, session.numberToShow, session.challengeExpiresAt);
        });
    }

    /** Forgets the session's challenge so the next visit sends a new push. */
    @WithSession
    public Uni<Void> forget(WizardSession session) {
        return Panache.withTransaction(() -> sessions.forgetTestPush(session.tokenHash)).replaceWithVoid();
    }

    /**
     * Runs in the inbox's transaction: approval of a test push verifies that device, once, but only
     * the push this user's wizard sent to that device. Any platform caller with challenge:write can
     * create an ENROLLMENT_TEST challenge for any device and see its number (issue 11 item 3); its
     * approval must not verify a device bound from a shoulder-surfed QR code. A push the wizard no
     * longer holds (a new one was sent, or a new code shown) is ignored too; the person sends another.
     */
    public Uni<Void> approved(String tenantId, String userId, String deviceId, String challengeId, Instant at) {
        UUID id;
        try {
            id = UUID.fromString(deviceId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().voidItem();
        }
        if (challengeId == null) {
            return Uni.createFrom().voidItem();
        }
        // The setup lock first: a reset of this user runs wholly before (the device is gone: nothing to verify) or after.
        return setupLock.hold(tenantId, userId)
                .chain(() -> sessions.sentTestPushTo(tenantId, userId, challengeId, id))
                .chain(sent -> sent ? devices.verify(tenantId, userId, id, at) : Uni.createFrom().item(0))
                .chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                        : outbox.add(new DeviceVerified(tenantId, userId, Instant.now(clock), deviceId, challengeId))
                                .chain(() -> enrollments.completeIfPolicyMet(tenantId, userId)));
    }

    /**
     * Runs in the inbox's transaction: the test push this user's wizard sent was denied, expired or
     * cancelled. Only the session that holds that push learns it; a newer push (the person sent
     * another) has another id and is not touched.
     */
    public Uni<Void> ended(String tenantId, String userId, String challengeId, TestPushOutcome outcome) {
        if (challengeId == null) {
            return Uni.createFrom().voidItem();
        }
        return sessions.testPushEnded(tenantId, userId, challengeId, outcome.name()).replaceWithVoid();
    }
}
