package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.PlatformPages;
import io.tweestap.enrollment.domain.RegistrationRules;
import io.tweestap.enrollment.repository.DeviceRepository;
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.enrollment.repository.WizardSessionRepository;
import io.tweestap.enrollment.service.EnrollmentService.OpenedWizard;
import io.tweestap.enrollment.service.OwnMethodRefused.Reason;
import io.tweestap.enrollment.service.UserMethods.Kind;
import io.tweestap.enrollment.service.UserMethods.Method;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * What a user does on their own methods page (decision 0090). Each action reuses the platform's
 * own operation (UserMethods, DeviceBlocks, the wizard); this class adds only what a user, unlike an
 * administrator, must be kept from: removing the method the tenant's policy still needs.
 */
@ApplicationScoped
public class OwnMethods {

    /** Who the DeviceBlocked event names when the user blocked their own lost phone. */
    public static final String BLOCKED_BY_USER = "self";
    static final int MAX_NAME = 64;

    @Inject
    UserMethods methods;

    @Inject
    DeviceBlocks blocks;

    @Inject
    DeviceRepository devices;

    @Inject
    UserSetupLock setupLock;

    @Inject
    RegistrationPolicies policies;

    @Inject
    EnrollmentService enrollments;

    @Inject
    WizardSessionRepository sessions;

    @WithTransaction
    public Uni<Void> rename(String tenantId, String userId, UUID deviceId, String typed) {
        String name = typed == null ? "" : typed.strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            return Uni.createFrom().failure(new OwnMethodRefused(Reason.NAME_INVALID));
        }
        return setupLock.hold(tenantId, userId).chain(() -> devices.findForUser(tenantId, userId, deviceId))
                .chain(device -> {
                    if (device == null) {
                        return Uni.createFrom().failure(new OwnMethodRefused(Reason.NOT_FOUND));
                    }
                    device.name = name;
                    return Uni.createFrom().voidItem();
                });
    }

    /** Removes a method unless the user would be left without what the tenant's policy requires. */
    @WithTransaction
    public Uni<Void> remove(String tenantId, String userId, UUID methodId) {
        // Under the setup lock (re-entrant; UserMethods.remove takes it again): two removals in two tabs
        // cannot each see the other's method still there and together leave the user with none.
        return setupLock.hold(tenantId, userId).chain(() -> policies.rulesFor(tenantId))
                .chain(rules -> methods.list(tenantId, userId).chain(list -> {
                    Method target = find(list, methodId);
                    if (target == null) {
                        return Uni.createFrom().failure(new OwnMethodRefused(Reason.NOT_FOUND));
                    }
                    if (leavesTooFew(rules, list, target)) {
                        return Uni.createFrom().failure(new OwnMethodRefused(Reason.LAST_METHOD));
                    }
                    return methods.remove(tenantId, userId, methodId, "removed-by-user");
                }));
    }

    public Uni<Void> chooseDefault(String tenantId, String userId, UUID methodId) {
        return methods.list(tenantId, userId).chain(list -> {
            Method target = find(list, methodId);
            if (target == null) {
                return Uni.createFrom().failure(new OwnMethodRefused(Reason.NOT_FOUND));
            }
            if (!target.usable()) {
                return Uni.createFrom().failure(new OwnMethodRefused(Reason.NOT_USABLE));
            }
            return methods.chooseDefault(tenantId, userId, methodId).replaceWithVoid();
        });
    }

    /** "I lost this phone": the device is blocked at once with reason lost; DeviceBlocked tells the administrators. */
    public Uni<Void> lost(String tenantId, String userId, UUID deviceId) {
        return methods.list(tenantId, userId).chain(list -> {
            Method target = find(list, deviceId);
            if (target == null || target.kind() != Kind.AUTHENTICATOR) {
                return Uni.createFrom().failure(new OwnMethodRefused(Reason.NOT_FOUND));
            }
            return blocks.block(tenantId, userId, deviceId, DeviceBlocks.Reason.LOST, BLOCKED_BY_USER).replaceWithVoid();
        });
    }

    /** A wizard session for the same user, for another authenticator: an enrolment like the platform's own. */
    public Uni<OpenedWizard> addAuthenticator(String tenantId, String userId, PlatformPages pages) {
        return enrollments.start(tenantId, userId, pages).chain(started -> enrollments.openLink(tokenOf(started)));
    }

    /**
     * A wizard session for the same user at the phone step, naming the phone it replaces: the old
     * number is removed only once the new one is verified (PhoneVerifications).
     */
    public Uni<OpenedWizard> changePhone(String tenantId, String userId, UUID phoneMethodId, PlatformPages pages) {
        return methods.list(tenantId, userId).chain(list -> {
            Method target = find(list, phoneMethodId);
            if (target == null || target.kind() != Kind.PHONE) {
                return Uni.createFrom().failure(new OwnMethodRefused(Reason.NOT_FOUND));
            }
            return addAuthenticator(tenantId, userId, pages).call(opened -> replacing(opened, phoneMethodId));
        });
    }

    private Uni<Integer> replacing(OpenedWizard opened, UUID phoneMethodId) {
        return Panache.withTransaction(() -> sessions.replacesPhone(opened.session().tokenHash, phoneMethodId));
    }

    /** The link's token, from the wizard URL the enrolment was started with; it opens at once, in this browser. */
    static String tokenOf(EnrollmentService.StartedEnrollment started) {
        String query = started.link().getRawQuery();
        return query.substring(query.indexOf("link=") + "link=".length());
    }

    /** Whether removing {@code target} leaves the user short of the policy (or with nothing) where they were not. */
    static boolean leavesTooFew(RegistrationRules rules, List<Method> list, Method target) {
        if (!"VERIFIED".equals(target.status())) {
            return false;
        }
        long devicesBefore = list.stream().filter(m -> m.kind() == Kind.AUTHENTICATOR && "VERIFIED".equals(m.status())).count();
        long phonesBefore = list.stream().filter(m -> m.kind() == Kind.PHONE && "VERIFIED".equals(m.status())).count();
        long devicesAfter = devicesBefore - (target.kind() == Kind.AUTHENTICATOR ? 1 : 0);
        long phonesAfter = phonesBefore - (target.kind() == Kind.PHONE ? 1 : 0);
        boolean nothingLeft = devicesAfter + phonesAfter == 0;
        return !rules.metBy(devicesAfter, phonesAfter) && (nothingLeft || rules.metBy(devicesBefore, phonesBefore));
    }

    private static Method find(List<Method> list, UUID methodId) {
        return list.stream().filter(m -> m.methodId().equals(methodId)).findFirst().orElse(null);
    }
}
