package io.tweestap.challenge.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.warmup.WarmUpStep;
import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.NumberMatch;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.domain.SignInMethod;
import io.tweestap.challenge.domain.SignInPolicy;
import io.tweestap.challenge.domain.SignInRules;
import io.tweestap.challenge.service.ChallengePolicies.Effective;
import io.tweestap.challenge.service.Creation.Refusal;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.challenge.ChallengeRefused;
import io.tweestap.events.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A push a platform asks for (a sign-in, or the wizard's test push), judged and created in one
 * transaction on the plain reactive SQL client (decision 0126): the tenant's policies in one read,
 * then the user's guard row locked, so that concurrent requests for one user are judged one after the
 * other and limits cannot be raced; the admission facts; the challenge, its event and the guard's count
 * on the same connection. The rules are {@link PushAdmission}'s and the tenant's methods
 * {@link SignInRules}'; a refusal commits its {@code ChallengeRefused} and is returned.
 */
@ApplicationScoped
public class PushCreation {

    /** Both policies of the tenant, either absent (the defaults then). */
    private static final String POLICIES = """
            SELECT s.tenant_id IS NOT NULL AS has_sign_in_policy, s.allows_push, s.allows_sms, s.allows_voice,
                   s.fallback_after_seconds, s.fallback_order, t.number_length, t.expiry_seconds
            FROM (SELECT $1::text AS tenant_id) tenant
            LEFT JOIN sign_in_policy s ON s.tenant_id = tenant.tenant_id
            LEFT JOIN tenant_policy t ON t.tenant_id = tenant.tenant_id""";

    private static final String INSERT = """
            INSERT INTO push_challenge (id, tenant_id, user_id, purpose, status, number_to_match, server_nonce, device_ids,
                application, ip_address, location, created_at, expires_at, method, language, fallback_due_at, fallback_order)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)""";

    @Inject
    Pool pool;

    @Inject
    AbuseGuard guard;

    @Inject
    AdmissionFacts facts;

    @Inject
    ChallengeSettings settings;

    @Inject
    Outbox outbox;

    @Inject
    ChallengeService challenges;

    public Uni<Creation> create(String tenantId, NewChallenge request) {
        return pool.withTransaction(connection -> create(connection, tenantId, request));
    }

    /**
     * The warm-up's creation (decision 0096): the real path, its rows and event sent to PostgreSQL, in a
     * transaction that is rolled back.
     */
    public Uni<Creation> createUndone(String tenantId, NewChallenge request) {
        return WarmUpStep.undone(pool, connection -> create(connection, tenantId, request));
    }

    private Uni<Creation> create(SqlConnection connection, String tenantId, NewChallenge request) {
        Instant now = challenges.now();
        boolean signIn = request.purpose() == Purpose.SIGN_IN;
        PushAdmission admission = new PushAdmission(PushAdmission.Limits.of(settings));
        return connection.preparedQuery(POLICIES).execute(Tuple.of(tenantId))
                .map(rows -> rows.iterator().next())
                .chain(policies -> {
                    SignInRules rules = signInRules(policies);
                    if (signIn && !rules.allows(SignInMethod.PUSH)) {
                        return refuse(connection, tenantId, request, Refusal.METHOD_NOT_ALLOWED, null, null, now)
                                .replaceWith(new Creation.NotAllowed(rules.ordered()));
                    }
                    Effective policy = effective(policies, rules);
                    return guard.lock(connection, tenantId, request.userId())
                            .chain(userGuard -> facts.forPush(connection, tenantId, request, userGuard, now))
                            .chain(read -> {
                                if (read.targetBlocked()) {
                                    // The wizard's test push to a blocked device: it would never count (decision 0089).
                                    return refuse(connection, tenantId, request, Refusal.DEVICE_BLOCKED, null, null, now);
                                }
                                Optional<Creation.Refused> refused = signIn ? admission.signIn(read.facts(), now)
                                        : admission.test(read.facts(), now);
                                if (refused.isPresent()) {
                                    Creation.Refused no = refused.get();
                                    return refuse(connection, tenantId, request, no.refusal(), no.retryAfter(),
                                            no.pendingChallengeId(), now);
                                }
                                Uni<Void> counted = signIn ? guard.pushSent(connection, tenantId, request.userId())
                                        : Uni.createFrom().voidItem();
                                return counted.chain(() -> issue(connection, tenantId, request, read.deviceIds(), policy, now));
                            });
                });
    }

    private Uni<Creation> issue(SqlConnection connection, String tenantId, NewChallenge request, List<String> deviceIds,
            Effective policy, Instant now) {
        PushChallenge challenge = new PushChallenge();
        challenge.id = UUID.randomUUID();
        challenge.tenantId = tenantId;
        challenge.userId = request.userId();
        challenge.purpose = request.purpose();
        challenge.status = ChallengeStatus.PENDING;
        challenge.numberToMatch = NumberMatch.draw(policy.numberLength());
        challenge.serverNonce = NumberMatch.serverNonce();
        challenge.deviceIds = deviceIds.toArray(String[]::new);
        challenge.application = request.application();
        challenge.ipAddress = request.ipAddress();
        challenge.location = request.location();
        challenge.createdAt = now;
        challenge.expiresAt = now.plus(policy.expiry());
        challenge.language = request.language();
        challenge.scheduleFallback(policy.signIn());
        return connection.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] {challenge.id, tenantId, challenge.userId, challenge.purpose.name(),
                        challenge.status.name(), challenge.numberToMatch, challenge.serverNonce, challenge.deviceIds,
                        challenge.application, challenge.ipAddress, challenge.location, offset(challenge.createdAt),
                        offset(challenge.expiresAt), challenge.method, challenge.language, offset(challenge.fallbackDueAt),
                        challenge.fallbackOrder}))
                .chain(() -> outbox.add(connection, new ChallengeCreated(tenantId, challenge.userId, now,
                        challenge.id.toString(), challenge.purpose.name(), challenge.application, challenge.ipAddress,
                        challenge.location, deviceIds, challenge.expiresAt, ChallengeCreated.PUSH, challenge.serverNonce,
                        challenge.fallbackDueAt != null)))
                .replaceWith(new Creation.Created(challenge));
    }

    private Uni<Creation> refuse(SqlConnection connection, String tenantId, NewChallenge request, Refusal refusal,
            Duration retryAfter, UUID pending, Instant now) {
        return outbox.add(connection, new ChallengeRefused(tenantId, request.userId(), now, request.purpose().name(),
                        refusal.name()))
                .replaceWith(new Creation.Refused(refusal, retryAfter, pending));
    }

    /** The tenant's sign-in methods and fallback, as {@code SignInPolicy.rules()} reads its row; none: every method. */
    private static SignInRules signInRules(Row row) {
        if (!row.getBoolean("has_sign_in_policy")) {
            return SignInRules.DEFAULTS;
        }
        SignInPolicy policy = new SignInPolicy();
        policy.allowsPush = row.getBoolean("allows_push");
        policy.allowsSms = row.getBoolean("allows_sms");
        policy.allowsVoice = row.getBoolean("allows_voice");
        policy.fallbackAfterSeconds = row.getInteger("fallback_after_seconds");
        policy.fallbackOrder = row.getString("fallback_order");
        return policy.rules();
    }

    /** The tenant's number length and expiry, or the configured ones, as {@link ChallengePolicies#forTenant} reads them. */
    private Effective effective(Row row, SignInRules rules) {
        Integer numberLength = row.getInteger("number_length");
        return numberLength == null
                ? new Effective(settings.numberLength(), settings.expiry(), rules)
                : new Effective(numberLength, Duration.ofSeconds(row.getInteger("expiry_seconds")), rules);
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
