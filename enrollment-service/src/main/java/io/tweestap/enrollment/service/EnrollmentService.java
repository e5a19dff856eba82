package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemException;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.domain.Enrollment;
import io.tweestap.enrollment.domain.EnrollmentLink;
import io.tweestap.enrollment.domain.PlatformPages;
import io.tweestap.enrollment.domain.SecretToken;
import io.tweestap.enrollment.domain.WizardSession;
import io.tweestap.enrollment.repository.DeviceRepository;
import io.tweestap.enrollment.repository.EnrollmentLinkRepository;
import io.tweestap.enrollment.repository.EnrollmentRepository;
import io.tweestap.enrollment.repository.PhoneMethodRepository;
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.enrollment.repository.WizardSessionRepository;
import io.tweestap.events.enrollment.EnrollmentCompleted;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Enrollments, the single-use links that open the wizard for them, and their completion. */
@ApplicationScoped
public class EnrollmentService {

    /** An enrollment with the wizard URL for the platform to open; the URL holds the only copy of the token. */
    public record StartedEnrollment(Enrollment enrollment, URI link, Instant linkExpiresAt) {
    }

    /** A wizard session the link just opened; the token goes into the browser's cookie and nowhere else. */
    public record OpenedWizard(WizardSession session, SecretToken token) {
    }

    @Inject
    Clock clock;

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    EnrollmentLinkRepository links;

    @Inject
    DeviceRepository devices;

    @Inject
    PhoneMethodRepository phones;

    @Inject
    WizardSessionRepository sessions;

    @Inject
    UserSetupLock setupLock;

    @Inject
    RegistrationPolicies policies;

    @Inject
    EnrollmentSettings settings;

    @Inject
    Outbox outbox;

    /** One user's enrollment to start, and where the wizard opened by its link may lead out to. */
    public record Start(String userId, PlatformPages pages) {
    }

    /** Starts an enrollment and its first link; {@code pages} are where the wizard may lead out to. */
    @WithTransaction
    public Uni<StartedEnrollment> start(String tenantId, String userId, PlatformPages pages) {
        return startOne(tenantId, userId, pages);
    }

    /**
     * Starts an enrollment for each of many users in one transaction (a platform team inviting a
     * department): all of them or, when anything fails, none; the answers in the order asked.
     */
    @WithTransaction
    public Uni<List<StartedEnrollment>> startAll(String tenantId, List<Start> starts) {
        // one after another: the transaction's session takes one statement at a time
        return Multi.createFrom().iterable(starts)
                .onItem().transformToUniAndConcatenate(start -> startOne(tenantId, start.userId(), start.pages()))
                .collect().asList();
    }

    /** One enrollment inside the caller's transaction: a batch's, or a temporary access pass's being redeemed. */
    Uni<StartedEnrollment> startOne(String tenantId, String userId, PlatformPages pages) {
        Instant now = Instant.now(clock);
        Enrollment enrollment = Enrollment.start(tenantId, userId, now);
        Instant linkExpiresAt = now.plus(settings.linkLifetime());
        return enrollments.persist(enrollment)
                .chain(() -> issueLink(enrollment, linkExpiresAt, pages))
                .call(() -> outbox.add(new EnrollmentStarted(tenantId, userId, now,
                        enrollment.id.toString(), linkExpiresAt)));
    }

    /**
     * A fresh link for an open enrollment, e.g. when the first one expired before the user clicked it.
     * Each link carries its own {@code pages}; the session it opens uses those.
     */
    @WithTransaction
    public Uni<StartedEnrollment> newLink(String tenantId, UUID enrollmentId, PlatformPages pages) {
        return enrollments.findForTenant(tenantId, enrollmentId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Enrollment " + enrollmentId))
                .chain(enrollment -> {
                    if (enrollment.status != Enrollment.Status.STARTED) {
                        return Uni.createFrom().failure(ProblemException.conflict("enrollment-not-open",
                                "Enrollment " + enrollmentId + " is " + enrollment.status + "; start a new one"));
                    }
                    return issueLink(enrollment, Instant.now(clock).plus(settings.linkLifetime()), pages);
                });
    }

    private Uni<StartedEnrollment> issueLink(Enrollment enrollment, Instant expiresAt, PlatformPages pages) {
        SecretToken token = SecretToken.generate();
        URI url = URI.create(settings.publicUrl().toString().replaceAll("/$", "") + "/setup?link=" + token.value());
        return links.persist(EnrollmentLink.issue(enrollment, token, expiresAt, pages))
                .replaceWith(new StartedEnrollment(enrollment, url, expiresAt));
    }

    @WithSession
    public Uni<Enrollment> find(String tenantId, UUID id) {
        return enrollments.findForTenant(tenantId, id);
    }

    /**
     * Spends the link and opens a wizard session; a second opening, however quick, fails. Under the
     * user's setup lock, so a reset either ends the session opened here or refuses the opening.
     */
    @WithTransaction
    public Uni<OpenedWizard> openLink(String linkToken) {
        String hash = SecretToken.hashOf(linkToken == null ? "" : linkToken);
        Instant now = Instant.now(clock);
        return links.ownerOf(hash).chain(owner -> {
            if (owner == null) {
                return Uni.createFrom().failure(new SetupFailure(SetupError.LINK_UNKNOWN));
            }
            // Loaded only after the lock and the claim, so it shows what a reset meanwhile did to it.
            return setupLock.hold(owner)
                    .chain(() -> links.claim(hash, now))
                    .chain(claimed -> links.findById(hash).chain(link -> claimed ? openSession(link, now)
                            : Uni.createFrom().failure(new SetupFailure(link.endedAt != null ? SetupError.SETUP_ENDED
                                    : link.openedAt != null ? SetupError.LINK_USED : SetupError.LINK_EXPIRED))));
        });
    }

    private Uni<OpenedWizard> openSession(EnrollmentLink link, Instant now) {
        return enrollments.findById(link.enrollmentId).chain(enrollment -> {
            if (enrollment == null || enrollment.status != Enrollment.Status.STARTED) {
                return Uni.createFrom().failure(new SetupFailure(enrollment != null
                        && enrollment.status == Enrollment.Status.RESET ? SetupError.SETUP_ENDED : SetupError.LINK_EXPIRED));
            }
            SecretToken token = SecretToken.generate();
            WizardSession session = WizardSession.open(link, token, now.plus(settings.sessionLifetime()));
            return session.<WizardSession>persist().map(saved -> new OpenedWizard(saved, token));
        });
    }

    /** The browser's session, or null when there is none or it expired; an ended one is returned (see {@code endedAt}). */
    @WithSession
    public Uni<WizardSession> session(String sessionToken) {
        if (sessionToken == null || sessionToken.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return sessions.findById(SecretToken.hashOf(sessionToken))
                .map(session -> session == null || session.expiresAt.isBefore(Instant.now(clock)) ? null : session);
    }

    /**
     * Completes the user's open enrollments once their verified methods meet the tenant's policy.
     * Runs inside the caller's transaction (a device or phone just got verified).
     */
    public Uni<Void> completeIfPolicyMet(String tenantId, String userId) {
        return policies.rulesFor(tenantId).chain(rules -> devices.countVerified(tenantId, userId)
                .chain(verifiedDevices -> phones.countVerified(tenantId, userId)
                        .chain(verifiedPhones -> rules.metBy(verifiedDevices, verifiedPhones)
                                ? complete(tenantId, userId, methods(verifiedDevices, verifiedPhones))
                                : Uni.createFrom().voidItem())));
    }

    private Uni<Void> complete(String tenantId, String userId, List<String> methods) {
        Instant now = Instant.now(clock);
        return enrollments.openFor(tenantId, userId).chain(open -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Enrollment enrollment : open) {
                enrollment.status = Enrollment.Status.COMPLETED;
                enrollment.completedAt = now;
                chain = chain.chain(() -> outbox.add(new EnrollmentCompleted(tenantId, userId, now,
                        enrollment.id.toString(), methods)).replaceWithVoid());
            }
            return chain;
        });
    }

    private static List<String> methods(long verifiedDevices, long verifiedPhones) {
        List<String> methods = new ArrayList<>();
        if (verifiedDevices > 0) {
            methods.add("AUTHENTICATOR");
        }
        if (verifiedPhones > 0) {
            methods.add("PHONE");
        }
        return methods;
    }
}
