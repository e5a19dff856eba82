package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.warmup.WarmUpStep;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.SignInMethod;
import io.tweestap.devicekeys.ChallengeAnswer;
import io.tweestap.devicekeys.DeviceKeyPair;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * A sign-in's path once before this instance takes traffic: creating a push and an SMS sign-in (for
 * a user with no device and no phone, so both are refused and the refusal is rolled back), reading
 * a challenge, answering one and checking a device's signature.
 */
@ApplicationScoped
public class SignInPathWarmUp implements WarmUpStep {

    @Inject
    ChallengeService challenges;

    @Inject
    SignedAnswers answers;

    @Inject
    PushCreation creation;

    @Inject
    SmsFallback sms;

    @Inject
    SignInPolicies signInPolicies;

    @Override
    public String name() {
        return "sign-in";
    }

    @Override
    public void prepare() {
        DeviceKeyPair key = DeviceKeyPair.generate();
        String statement = new ChallengeAnswer(UUID.randomUUID().toString(), "nonce", "device",
                ChallengeAnswer.Decision.APPROVE, "42").statement();
        key.deviceKey().verifies(statement, key.sign(statement));
    }

    @Override
    public Uni<?> run() {
        NewChallenge signIn = new NewChallenge(USER, Purpose.SIGN_IN, null, "Warm-up", "192.0.2.1", "Nowhere", "en");
        return Panache.withSession(() -> signInPolicies.rulesFor(TENANT))
                .chain(() -> creation.createUndone(TENANT, signIn))
                .chain(() -> WarmUpStep.refusedOrNot(WarmUpStep.undone(() -> sms.start(TENANT, signIn, "en", SignInMethod.SMS))))
                .chain(() -> challenges.find(TENANT, UUID.randomUUID()))
                .chain(() -> WarmUpStep.refusedOrNot(answers.answer("warm-up-device", UUID.randomUUID(),
                        ChallengeAnswer.Decision.APPROVE, "42", "not-a-signature")));
    }
}
