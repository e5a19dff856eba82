package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.domain.MethodsPageLink;
import io.tweestap.enrollment.domain.SecretToken;
import io.tweestap.enrollment.repository.MethodsPageLinkRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * The way into a user's own methods page (decision 0090): the platform obtains a single-use,
 * short-lived link for a user it signed in, like an enrolment link; opening it spends it and starts
 * a page session whose secret only the browser's cookie holds.
 */
@ApplicationScoped
public class MethodsPageAccess {

    /** A link for the platform to open in the user's browser; the URL holds the only copy of the token. */
    public record IssuedLink(URI url, Instant expiresAt) {
    }

    /** A page session the link just opened; the secret goes into the cookie and nowhere else. */
    public record OpenedPage(MethodsPageLink page, SecretToken session) {
    }

    @Inject
    EnrollmentSettings settings;

    @Inject
    Clock clock;

    @Inject
    MethodsPageLinkRepository links;

    @WithTransaction
    public Uni<IssuedLink> issue(String tenantId, String userId, String returnUrl) {
        SecretToken token = SecretToken.generate();
        Instant expiresAt = Instant.now(clock).plus(settings.linkLifetime());
        URI url = URI.create(settings.publicUrl().toString().replaceAll("/$", "") + "/setup/methods?link="
                + token.value());
        return MethodsPageLink.issue(tenantId, userId, token, expiresAt, returnUrl).persist()
                .replaceWith(new IssuedLink(url, expiresAt));
    }

    /**
     * Spends the link and starts the page session in one conditional UPDATE, so two tabs racing for
     * the same link cannot both get a session. Fails with LINK_UNKNOWN, LINK_USED or LINK_EXPIRED.
     */
    @WithTransaction
    public Uni<OpenedPage> open(String linkToken) {
        String hash = SecretToken.hashOf(linkToken == null ? "" : linkToken);
        Instant now = Instant.now(clock);
        SecretToken session = SecretToken.generate();
        return Panache.getSession().chain(db -> db.createNativeQuery("UPDATE methods_page_link SET opened_at = :now,"
                                + " session_hash = :session, session_expires_at = :until"
                                + " WHERE link_hash = :hash AND opened_at IS NULL AND expires_at > :now")
                        .setParameter("now", now)
                        .setParameter("session", session.hash())
                        .setParameter("until", now.plus(settings.methodsPageLifetime()))
                        .setParameter("hash", hash)
                        .executeUpdate())
                .chain(claimed -> links.findById(hash).map(page -> {
                    if (page == null) {
                        throw new SetupFailure(SetupError.LINK_UNKNOWN);
                    }
                    if (claimed != 1) {
                        throw new SetupFailure(page.openedAt != null ? SetupError.LINK_USED : SetupError.LINK_EXPIRED);
                    }
                    return new OpenedPage(page, session);
                }));
    }

    /** The browser's page session, or null when there is none or it expired. */
    @WithSession
    public Uni<MethodsPageLink> session(String sessionToken) {
        if (sessionToken == null || sessionToken.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return links.bySession(SecretToken.hashOf(sessionToken))
                .map(page -> page == null || page.sessionExpiresAt.isBefore(Instant.now(clock)) ? null : page);
    }
}
