package io.tweestap.e2e;

import io.tweestap.e2e.journey.EnrollmentJourney.Person;

import java.security.SecureRandom;
import java.util.UUID;

/** People to enrol, each with a Dutch mobile number nobody else in any run has, so per-number limits never carry over. */
final class People {

    private static final SecureRandom RANDOM = new SecureRandom();

    private People() {
    }

    static Person person(String name, String language, boolean call) {
        String subscriber;
        do {
            // 061-065: ranges libphonenumber knows as Dutch mobile numbers (066 is pagers, 067 data)
            subscriber = (1 + RANDOM.nextInt(5)) + String.format("%07d", RANDOM.nextInt(10_000_000));
        } while (subscriber.endsWith("0429") || subscriber.endsWith("0500") || subscriber.endsWith("0408")); // the sandbox's failure and slow numbers
        return new Person(name + "-" + UUID.randomUUID() + "@example.org", language, "NL", "06" + subscriber,
                "316" + subscriber, call, name + "'s phone");
    }
}
