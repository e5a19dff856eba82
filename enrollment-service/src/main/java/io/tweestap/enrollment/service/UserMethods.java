package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemException;
import io.tweestap.enrollment.domain.Device;
import io.tweestap.enrollment.domain.PhoneMethod;
import io.tweestap.enrollment.domain.RegistrationRules;
import io.tweestap.enrollment.domain.UserRegistration;
import io.tweestap.enrollment.repository.ActivationCodeRepository;
import io.tweestap.enrollment.repository.DeviceRepository;
import io.tweestap.enrollment.repository.EnrollmentLinkRepository;
import io.tweestap.enrollment.repository.EnrollmentRepository;
import io.tweestap.enrollment.repository.PhoneMethodRepository;
import io.tweestap.enrollment.repository.UserRegistrationRepository;
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.enrollment.repository.WizardSessionRepository;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.PhoneRemoved;
import io.tweestap.events.enrollment.RegistrationReset;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A user's methods (authenticators and phones), their default, their registration status and its reset. */
@ApplicationScoped
public class UserMethods {

    public enum Kind { AUTHENTICATOR, PHONE }

    /**
     * One method as callers see it, whichever table it lives in; {@code blocked} and {@code blockedAt} say
     * whether an administrator blocked the device (a phone is never blocked).
     */
    public record Method(UUID methodId, Kind kind, String status, String label, String platform, boolean isDefault,
            Instant registeredAt, Instant verifiedAt, boolean blocked, Instant blockedAt) {

        Method asDefault(boolean isDefault) {
            return new Method(methodId, kind, status, label, platform, isDefault, registeredAt, verifiedAt, blocked,
                    blockedAt);
        }

        /** Verified and not blocked: a method a sign-in can use. */
        boolean usable() {
            return "VERIFIED".equals(status) && !blocked;
        }
    }

    public enum Standing {
        /** The tenant's policy is met. */
        REGISTERED,
        /** Not registered, postponed until {@code snoozedUntil}. */
        SNOOZED,
        /** Not registered; the user may still postpone. */
        REGISTRATION_REQUESTED,
        /** Not registered and no postponement left: sign-in must go through the wizard. */
        REGISTRATION_ENFORCED
    }

    public record Status(String userId, Standing standing, boolean registrationRequired, boolean canSnooze,
            int snoozesUsed, int maxSnoozes, Instant snoozedUntil, RegistrationRules policy, List<Method> methods) {
    }

    @Inject
    Clock clock;

    @Inject
    DeviceRepository devices;

    @Inject
    PhoneMethodRepository phones;

    @Inject
    UserRegistrationRepository registrations;

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    EnrollmentLinkRepository links;

    @Inject
    WizardSessionRepository sessions;

    @Inject
    ActivationCodeRepository codes;

    @Inject
    UserSetupLock setupLock;

    @Inject
    MoveEndings moveEndings;

    @Inject
    RegistrationPolicies policies;

    @Inject
    EnrollmentService enrollmentService;

    @Inject
    Outbox outbox;

    @WithSession
    public Uni<List<Method>> list(String tenantId, String userId) {
        return registrations.of(tenantId, userId).chain(registration -> methods(tenantId, userId, registration));
    }

    @WithSession
    public Uni<Status> status(String tenantId, String userId) {
        return policies.rulesFor(tenantId).chain(rules -> registrations.of(tenantId, userId)
                .chain(registration -> methods(tenantId, userId, registration)
                        .map(methods -> status(userId, rules, registration, methods))));
    }

    /** Postpones registration by the tenant's snooze period; refused once the user used them all or is registered. */
    @WithTransaction
    public Uni<Status> snooze(String tenantId, String userId) {
        return status(tenantId, userId).chain(status -> {
            if (!status.canSnooze()) {
                return Uni.createFrom().failure(ProblemException.conflict("snooze-not-allowed",
                        status.standing() == Standing.REGISTERED ? "The user is already registered"
                                : "The user has no snoozes left; registration is enforced"));
            }
            return registrations.ofOrFresh(tenantId, userId)
                    .chain(registration -> {
                        registration.snoozesUsed++;
                        registration.snoozedUntil = Instant.now(clock).plus(java.time.Duration.ofDays(status.policy().snoozeDays()));
                        return registration.persist();
                    })
                    .chain(() -> status(tenantId, userId));
        });
    }

    @WithTransaction
    public Uni<Void> remove(String tenantId, String userId, UUID methodId, String reason) {
        Instant now = Instant.now(clock);
        // The setup lock keeps a reset and this removal from deleting the same row at once.
        return setupLock.hold(tenantId, userId).chain(() -> devices.findForUser(tenantId, userId, methodId)).chain(device -> {
            if (device != null) {
                return moveEndings.oldDeviceGone(tenantId, userId, device.id::equals)
                        .chain(() -> devices.delete(device)).call(() -> outbox.add(new DeviceRemoved(tenantId, userId, now,
                        device.id.toString(), reason)));
            }
            return phones.findForUser(tenantId, userId, methodId).chain(phone -> {
                if (phone == null) {
                    return Uni.createFrom().failure(ProblemException.notFound("Method " + methodId));
                }
                return phones.delete(phone).call(() -> outbox.add(new PhoneRemoved(tenantId, userId, now,
                        phone.phoneId, phone.maskedNumber, reason, phone.id.toString())));
            });
        }).chain(() -> clearDefaultIf(tenantId, userId, methodId));
    }

    @WithTransaction
    public Uni<List<Method>> chooseDefault(String tenantId, String userId, UUID methodId) {
        return methods(tenantId, userId, null).chain(methods -> {
            Method chosen = methods.stream().filter(m -> m.methodId().equals(methodId)).findFirst().orElse(null);
            if (chosen == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Method " + methodId));
            }
            if (!"VERIFIED".equals(chosen.status())) {
                return Uni.createFrom().failure(ProblemException.conflict("method-not-verified",
                        "Only a verified method can be the default"));
            }
            return registrations.ofOrFresh(tenantId, userId)
                    .chain(registration -> {
                        registration.defaultMethod = methodId;
                        return registration.<UserRegistration>persist();
                    })
                    .chain(registration -> methods(tenantId, userId, registration));
        });
    }

    /**
     * Removes every method, ends open enrollments and restarts the snooze count: the user registers anew.
     * It also ends, in this transaction, every unopened link, open wizard session and unspent activation
     * code of the user. It holds the user's setup lock first, so a link opened, a code issued or a device
     * activated at the same moment either committed before (and its session, code or device is ended or
     * removed here) or waits and then finds everything ended (decision 0070).
     */
    @WithTransaction
    public Uni<Void> reset(String tenantId, String userId, String resetBy) {
        Instant now = Instant.now(clock);
        return setupLock.hold(tenantId, userId)
                .chain(() -> links.endUnopened(tenantId, userId, now))
                .chain(() -> enrollments.resetOpen(tenantId, userId, now))
                .chain(() -> sessions.endOpen(tenantId, userId, now))
                .chain(() -> codes.endUnspent(tenantId, userId, now))
                .chain(() -> moveEndings.oldDeviceGone(tenantId, userId, any -> true))
                .chain(() -> devices.ofUser(tenantId, userId)).chain(all -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Device device : all) {
                chain = chain.chain(() -> devices.delete(device)).chain(() -> outbox.add(new DeviceRemoved(tenantId,
                        userId, now, device.id.toString(), "registration-reset")).replaceWithVoid());
            }
            return chain;
        }).chain(() -> phones.list("tenantId = ?1 and userId = ?2", tenantId, userId)).chain(all -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (PhoneMethod phone : all) {
                chain = chain.chain(() -> phones.delete(phone)).chain(() -> outbox.add(new PhoneRemoved(tenantId,
                        userId, now, phone.phoneId, phone.maskedNumber, "registration-reset", phone.id.toString()))
                        .replaceWithVoid());
            }
            return chain;
        }).chain(() -> registrations.forget(tenantId, userId))
                .chain(() -> outbox.add(new RegistrationReset(tenantId, userId, now, resetBy)))
                .replaceWithVoid();
    }

    private Uni<Void> clearDefaultIf(String tenantId, String userId, UUID methodId) {
        return registrations.clearDefault(tenantId, userId, methodId).replaceWithVoid();
    }

    private Uni<List<Method>> methods(String tenantId, String userId, UserRegistration registration) {
        UUID chosen = registration == null ? null : registration.defaultMethod;
        return devices.ofUser(tenantId, userId).chain(deviceList -> phones.verifiedOfUser(tenantId, userId)
                .map(phoneList -> {
                    List<Method> methods = new ArrayList<>();
                    for (Device device : deviceList) {
                        methods.add(new Method(device.id, Kind.AUTHENTICATOR, device.status.name(), device.name,
                                device.platform, false, device.registeredAt, device.verifiedAt, device.blockedAt != null,
                                device.blockedAt));
                    }
                    for (PhoneMethod phone : phoneList) {
                        methods.add(new Method(phone.id, Kind.PHONE, phone.status.name(), phone.maskedNumber, null,
                                false, phone.requestedAt, phone.verifiedAt, false, null));
                    }
                    return markDefault(methods, chosen);
                }));
    }

    /**
     * The chosen default if it still exists and is not blocked, else the first verified unblocked
     * authenticator, else the first verified phone: a sign-in starting with the default can use it. A
     * blocked default comes back as the default when it is unblocked.
     */
    private static List<Method> markDefault(List<Method> methods, UUID chosen) {
        UUID effective = methods.stream().filter(m -> m.methodId().equals(chosen) && m.usable())
                .map(Method::methodId).findFirst()
                .orElseGet(() -> methods.stream().filter(Method::usable)
                        .map(Method::methodId).findFirst().orElse(null));
        return methods.stream().map(m -> m.asDefault(m.methodId().equals(effective))).toList();
    }

    private Status status(String userId, RegistrationRules rules, UserRegistration registration,
            List<Method> methods) {
        long verifiedDevices = methods.stream().filter(m -> m.kind() == Kind.AUTHENTICATOR && "VERIFIED".equals(m.status())).count();
        long verifiedPhones = methods.stream().filter(m -> m.kind() == Kind.PHONE && "VERIFIED".equals(m.status())).count();
        int used = registration == null ? 0 : registration.snoozesUsed;
        Instant until = registration == null ? null : registration.snoozedUntil;
        boolean registered = rules.metBy(verifiedDevices, verifiedPhones);
        boolean snoozed = !registered && until != null && until.isAfter(Instant.now(clock));
        boolean canSnooze = !registered && !snoozed && used < rules.maxSnoozes() && rules.snoozeDays() > 0;
        Standing standing = registered ? Standing.REGISTERED
                : snoozed ? Standing.SNOOZED
                : canSnooze ? Standing.REGISTRATION_REQUESTED
                : Standing.REGISTRATION_ENFORCED;
        return new Status(userId, standing, !registered && !snoozed, canSnooze, used, rules.maxSnoozes(),
                snoozed ? until : null, rules, methods);
    }
}
