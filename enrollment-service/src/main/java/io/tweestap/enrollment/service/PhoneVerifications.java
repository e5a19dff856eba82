package io.tweestap.enrollment.service;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemAnswers;
import io.tweestap.api.ServiceCalls;
import io.tweestap.enrollment.client.SmsServiceClient.CheckResult;
import io.tweestap.enrollment.client.SmsServiceClient.CodeCheck;
import io.tweestap.enrollment.client.SmsServiceClient.VerificationRequest;
import io.tweestap.enrollment.client.SmsServiceClient.VerificationView;
import io.tweestap.enrollment.client.SmsServiceClient;
import io.tweestap.enrollment.domain.PhoneMethod;
import io.tweestap.enrollment.domain.WizardSession;
import io.tweestap.enrollment.repository.PhoneMethodRepository;
import io.tweestap.enrollment.repository.UserRegistrationRepository;
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.enrollment.repository.WizardSessionRepository;
import io.tweestap.events.enrollment.PhoneRegistered;
import io.tweestap.events.enrollment.PhoneRemoved;
import io.tweestap.events.enrollment.PhoneVerificationRequested;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The phone step: the number goes to sms-service over REST and nowhere else; we keep its masked
 * form. A verified code (the check's 200, or {@code SmsVerified}, whichever comes first) makes
 * the phone a method of the user.
 */
@ApplicationScoped
public class PhoneVerifications {

    public static final String PURPOSE = "ENROLLMENT";
    private static final Logger LOG = Logger.getLogger(PhoneVerifications.class);
    private static final PhoneNumberUtil NUMBERS = PhoneNumberUtil.getInstance();

    public enum Channel { SMS, VOICE }

    @Inject
    Clock clock;

    @Inject
    @RestClient
    SmsServiceClient sms;

    /** The audience sms-service checks on the tokens minted for it (decision 0009). */
    private static final String SMS_SERVICE = "sms-service";

    @Inject
    ServiceCalls calls;

    @Inject
    EnrollmentService enrollments;

    @Inject
    UserSetupLock setupLock;

    @Inject
    PhoneMethodRepository phones;

    @Inject
    UserRegistrationRepository registrations;

    @Inject
    WizardSessionRepository sessions;

    @Inject
    Outbox outbox;

    /** The number in E.164 if it is a valid number of that region, else {@link SetupError#INVALID_NUMBER}. */
    public static String e164(String regionCode, String typed) {
        try {
            PhoneNumber number = NUMBERS.parse(typed == null ? "" : typed, regionCode);
            if (!NUMBERS.isValidNumberForRegion(number, regionCode)) {
                throw new SetupFailure(SetupError.INVALID_NUMBER);
            }
            return NUMBERS.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new SetupFailure(SetupError.INVALID_NUMBER);
        }
    }

    public Uni<PhoneMethod> request(WizardSession session, String regionCode, String typedNumber, Channel channel,
            String language) {
        String number;
        try {
            number = e164(regionCode, typedNumber);
        } catch (SetupFailure failure) {
            return Uni.createFrom().failure(failure);
        }
        VerificationRequest request = new VerificationRequest(session.userId, regionCode, number, channel.name(),
                language, PURPOSE);
        return smsService(session, bearer -> sms.start(bearer, request))
                .map(response -> switch (response.getStatus()) {
                    case 201 -> response.readEntity(VerificationView.class);
                    case 400, 422 -> throw new SetupFailure(SetupError.INVALID_NUMBER);
                    case 429 -> throw new SetupFailure(SetupError.SEND_LIMITED, ProblemAnswers.retryAfter(response));
                    default -> throw unavailable(response);
                })
                // Under the setup lock, and only while the session is open: a reset meanwhile leaves no phone behind.
                .chain(view -> Panache.withTransaction(() -> setupLock.hold(session.tenantId, session.userId)
                        .chain(() -> sessions.startedPhoneVerification(session.tokenHash, view.verificationId(),
                                view.phoneId()))
                        .chain(updated -> {
                    if (updated == 0) {
                        return Uni.createFrom().<PhoneMethod>failure(new SetupFailure(SetupError.SETUP_ENDED));
                    }
                    Instant now = Instant.now(clock);
                    PhoneMethod phone = new PhoneMethod();
                    phone.id = UUID.randomUUID();
                    phone.phoneId = view.phoneId();
                    phone.tenantId = session.tenantId;
                    phone.userId = session.userId;
                    phone.enrollmentId = session.enrollmentId;
                    phone.verificationId = view.verificationId();
                    phone.maskedNumber = view.maskedNumber();
                    phone.channel = channel.name();
                    phone.status = PhoneMethod.Status.PENDING;
                    phone.requestedAt = now;
                    phone.replaces = session.replacesPhone;
                    return phone.<PhoneMethod>persist()
                            .call(() -> outbox.add(new PhoneVerificationRequested(session.tenantId, session.userId, now,
                                    view.phoneId(), view.maskedNumber(), channel.name(), phone.id.toString())));
                })));
    }

    /** The phone the session's current verification is for, or null when it has none. */
    @WithSession
    public Uni<PhoneMethod> ofSession(WizardSession session) {
        return session.verificationId == null ? Uni.createFrom().nullItem()
                : phones.byVerification(session.tenantId, session.userId, session.verificationId);
    }

    public Uni<Void> check(WizardSession session, String code) {
        if (session.verificationId == null) {
            return Uni.createFrom().failure(new SetupFailure(SetupError.CODE_EXPIRED));
        }
        String typed = code == null ? "" : code.replaceAll("\\s", "");
        if (!typed.matches("\\d{6,8}")) {
            return Uni.createFrom().failure(new SetupFailure(SetupError.WRONG_CODE));
        }
        return smsService(session, bearer -> sms.check(bearer, session.verificationId, new CodeCheck(typed)))
                .map(response -> switch (response.getStatus()) {
                    case 200 -> response.readEntity(CheckResult.class);
                    case 422 -> {
                        Integer left = ProblemAnswers.attemptsLeft(response);
                        // The last wrong try locks the code; only a new code helps from here.
                        throw left != null && left <= 0 ? new SetupFailure(SetupError.CODE_LOCKED)
                                : new SetupFailure(SetupError.WRONG_CODE, left);
                    }
                    case 404, 410 -> throw new SetupFailure(SetupError.CODE_EXPIRED);
                    case 429 -> throw "code-locked".equals(ProblemAnswers.type(response))
                            ? new SetupFailure(SetupError.CODE_LOCKED)
                            : new SetupFailure(SetupError.TOO_MANY_ATTEMPTS, ProblemAnswers.retryAfter(response));
                    // A second submit, or SmsVerified got there first: sms-service is sure, so are we.
                    case 409 -> new CheckResult("VERIFIED", null, null, null);
                    default -> throw unavailable(response);
                })
                .chain(result -> Panache.withTransaction(() -> verified(session.tenantId, session.userId,
                        session.verificationId, result.phoneId(), result.maskedNumber())));
    }

    public Uni<Void> resend(WizardSession session) {
        if (session.verificationId == null) {
            return Uni.createFrom().failure(new SetupFailure(SetupError.CODE_EXPIRED));
        }
        return smsService(session, bearer -> sms.resend(bearer, session.verificationId))
                .map(response -> switch (response.getStatus()) {
                    case 200, 202 -> (Void) null;
                    case 404, 410 -> throw new SetupFailure(SetupError.CODE_EXPIRED);
                    case 429 -> throw new SetupFailure(SetupError.SEND_LIMITED, ProblemAnswers.retryAfter(response));
                    default -> throw unavailable(response);
                });
    }

    /** Joins the caller's transaction. The PENDING guard makes the check's answer and the event idempotent. */
    public Uni<Void> verified(String tenantId, String userId, String verificationId, String phoneId, String masked) {
        Instant now = Instant.now(clock);
        // FOR UPDATE: the check's answer and SmsVerified arrive together in two transactions; without the
        // row lock both read PENDING and PhoneRegistered was published twice (seen in the demo's event list).
        // The setup lock first, as every writer of the user's methods takes it, so that a reset cannot deadlock with this.
        return setupLock.hold(tenantId, userId).chain(() -> phones.byVerificationLocked(tenantId, userId, verificationId))
                .chain(phone -> {
                    if (phone == null || phone.status == PhoneMethod.Status.VERIFIED) {
                        return Uni.createFrom().voidItem();
                    }
                    phone.status = PhoneMethod.Status.VERIFIED;
                    phone.verifiedAt = now;
                    // sms-service named the phone when the verification started; a later answer cannot rename it.
                    if (masked != null) {
                        phone.maskedNumber = masked;
                    }
                    return Panache.flush().chain(() -> outbox.add(new PhoneRegistered(tenantId, userId, now, phone.phoneId, phone.maskedNumber,
                                    phone.id.toString())))
                            .chain(() -> phone.replaces == null ? Uni.createFrom().voidItem() : replaced(phone, now))
                            .chain(() -> enrollments.completeIfPolicyMet(tenantId, userId));
                });
    }

    /**
     * The new number is verified: the phone it replaces goes (PhoneRemoved, reason replaced), and
     * if that one was the default, the new one is. Gone already (removed meanwhile): nothing to do.
     */
    private Uni<Void> replaced(PhoneMethod fresh, Instant now) {
        return phones.findForUser(fresh.tenantId, fresh.userId, fresh.replaces).chain(old -> old == null
                ? Uni.createFrom().voidItem()
                : old.delete()
                        .chain(() -> outbox.add(new PhoneRemoved(old.tenantId, old.userId, now, old.phoneId,
                                old.maskedNumber, "replaced", old.id.toString())))
                        .chain(() -> registrations.handDefault(fresh.tenantId, fresh.userId, old.id, fresh.id))
                        .replaceWithVoid());
    }

    /** A call to sms-service for the session's tenant; not reaching it is {@link SetupError#SERVICE_UNAVAILABLE}. */
    private Uni<Response> smsService(WizardSession session, Function<String, Uni<Response>> call) {
        return calls.call(SMS_SERVICE, session.tenantId, "sms:write", call)
                .onFailure().transform(e -> {
                    LOG.warnf("sms-service could not be reached: %s", e.toString());
                    return new SetupFailure(SetupError.SERVICE_UNAVAILABLE);
                });
    }

    private static SetupFailure unavailable(Response response) {
        LOG.warnf("sms-service answered %d", response.getStatus());
        return new SetupFailure(SetupError.SERVICE_UNAVAILABLE);
    }
}
