package io.tweestap.sms.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.warmup.WarmUpStep;
import io.tweestap.sms.domain.Channel;
import io.tweestap.sms.domain.Language;
import io.tweestap.sms.domain.PhoneNumber;
import io.tweestap.sms.domain.PhoneNumberRules;
import io.tweestap.sms.domain.PhoneNumberRules.NumberRefused;
import io.tweestap.sms.domain.Purpose;
import io.tweestap.sms.domain.SmsCode;
import io.tweestap.sms.domain.SmsCodes;
import io.tweestap.sms.vonage.VonageGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.UUID;

/**
 * A code's path once before this instance takes traffic: the number rules (libphonenumber loads its
 * metadata on first use), the send limits' queries in a rolled-back transaction, the Vonage client
 * and its messages (nothing is sent), sealing a code, and a sign-in send and a check that find
 * nothing to act on.
 */
@ApplicationScoped
public class SendPathWarmUp implements WarmUpStep {

    @Inject
    PhoneNumberRules numbers;

    @Inject
    SendLimits limits;

    @Inject
    SmsCodes codes;

    @Inject
    CodePolicies policies;

    @Inject
    VonageGateway vonage;

    @Inject
    PhoneVerificationService verifications;

    @Inject
    CodeCheck checks;

    @Inject
    Clock clock;

    @Override
    public String name() {
        return "send";
    }

    @Override
    public void prepare() {
        try {
            numbers.accept(TENANT, "NL", "0612345678", Channel.SMS);
        } catch (NumberRefused refused) {
            // the warm-up tenant may not be allowed to text the Netherlands; the rules ran all the same
        }
        SmsCode code = codes.next(policies.defaults());
        codes.matches(UUID.randomUUID(), code.digits(), codes.seal(UUID.randomUUID(), code));
        vonage.prepare(Language.NL, code);
    }

    @Override
    public Uni<?> run() {
        PhoneNumber number = numbers.stored("+31612345678");
        return WarmUpStep.undone(() -> limits.lock(TENANT, USER, number)
                        .chain(() -> limits.check(TENANT, USER, number, clock.instant())))
                .chain(() -> WarmUpStep.refusedOrNot(verifications.startForPhone(TENANT, UUID.randomUUID(), USER,
                        Channel.SMS, Language.NL, Purpose.SIGN_IN, null)))
                .chain(() -> WarmUpStep.refusedOrNot(checks.check(TENANT, UUID.randomUUID(), "000000")));
    }
}
