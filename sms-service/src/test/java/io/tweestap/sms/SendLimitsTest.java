package io.tweestap.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.sms.SmsSendRefused;
import io.tweestap.testkit.AtOnce;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Numbers we never send to, and the throttles against brute force and SMS pumping. */
@QuarkusTest
class SendLimitsTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @Test
    void premiumFixedLineAndForeignNumbersAreRefusedBeforeAnythingIsSent() {
        refused("acme", "NL", "0906 1234567", "SMS", "premium-phone-number");
        refused("acme", "NL", "020 123 4567", "SMS", "not-a-mobile-number");
        refused("acme", "US", "(650) 253-0000", "SMS", "country-not-allowed");
        refused("belgian", "NL", TestNumbers.dutchMobile(), "SMS", "country-not-allowed");
        refused("acme", "NL", "12", "SMS", "invalid-phone-number");
        refused("acme", "NL", "not a number", "VOICE", "invalid-phone-number");

        assertThat(VonageSandbox.smsTo("319061234567")).isEmpty();
        assertThat(VonageSandbox.smsTo("31201234567")).isEmpty();
        assertThat(VonageSandbox.smsTo("16502530000")).isEmpty();
        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> record = topic.await(r -> r.value().contains("PREMIUM_OR_SPECIAL_NUMBER")
                    && r.key().equals("acme:refused@acme.example"), EVENT_WAIT);
            SmsSendRefused event = EventJson.read(record.value(), SmsSendRefused.class);
            assertThat(event.maskedNumber()).isEqualTo("+31 9 *****4567");
            assertThat(event.channel()).isEqualTo("SMS");
        }
    }

    @Test
    void aFixedLineCanBeCalled() {
        String fixedLine = "020" + String.format("%07d", (int) (Math.random() * 9_000_000) + 1_000_000);
        SmsApi.start("acme", Map.of("userId", "vaste@acme.example", "regionCode", "NL", "number", fixedLine,
                        "channel", "VOICE", "language", "nl", "purpose", "ENROLLMENT"))
                .then().statusCode(201);
        assertThat(VonageSandbox.callsTo("31" + fixedLine.substring(1))).hasSize(1);
    }

    @Test
    void aNumberGetsOneCodeAMinuteAndThreeInFifteenMinutes() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "jan@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");

        SmsApi.resend("acme", verificationId)
                .then().statusCode(429)
                .header("Retry-After", matchesPattern("(5\\d|60)"))
                .body("type", equalTo("https://tweestap.io/problems/resend-cooldown"));
        clock.advance(Duration.ofSeconds(61));
        SmsApi.resend("acme", verificationId).then().statusCode(202);
        clock.advance(Duration.ofSeconds(61));
        SmsApi.resend("acme", verificationId).then().statusCode(202);
        clock.advance(Duration.ofSeconds(61));
        int retryAfter = Integer.parseInt(SmsApi.resend("acme", verificationId)
                .then().statusCode(429)
                .body("type", equalTo("https://tweestap.io/problems/number-send-limit"))
                .extract().header("Retry-After"));
        // The first send leaves the 15-minute window about 15 - 3 minutes from now.
        assertThat(retryAfter).isBetween(11 * 60, 12 * 60);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number))).hasSize(3);

        clock.advance(Duration.ofSeconds(retryAfter));
        SmsApi.resend("acme", verificationId).then().statusCode(202);

        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> record = topic.await(r -> verificationId.equals(
                    TopicRecords.header(r, "ce_subject")) && r.value().contains("NUMBER_LIMIT"), EVENT_WAIT);
            assertThat(EventJson.read(record.value(), SmsSendRefused.class).verificationId()).isEqualTo(verificationId);
        }
    }

    @Test
    void aNumberGetsAtMostTenCodesADay() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "kees@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        for (int sent = 1; sent < 10; sent++) {
            // Three per 15 minutes: every third send waits for the window to move on.
            clock.advance(sent % 3 == 0 ? Duration.ofMinutes(15) : Duration.ofSeconds(61));
            SmsApi.resend("acme", verificationId).then().statusCode(202);
        }
        clock.advance(Duration.ofMinutes(15));
        SmsApi.resend("acme", verificationId)
                .then().statusCode(429)
                .body("type", equalTo("https://tweestap.io/problems/number-send-limit"));
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number))).hasSize(10);
    }

    @Test
    void usersAndTenantsHaveDailyBudgets() {
        // Tenant "frugal": 2 codes per user and 3 per tenant a day (application.properties, %test).
        SmsApi.start("frugal", "a@frugal.example", TestNumbers.dutchMobile(), "SMS", "en").then().statusCode(201);
        SmsApi.start("frugal", "a@frugal.example", TestNumbers.dutchMobile(), "SMS", "en").then().statusCode(201);
        SmsApi.start("frugal", "a@frugal.example", TestNumbers.dutchMobile(), "SMS", "en")
                .then().statusCode(429)
                .body("type", equalTo("https://tweestap.io/problems/user-send-budget"));
        SmsApi.start("frugal", "b@frugal.example", TestNumbers.dutchMobile(), "SMS", "en").then().statusCode(201);
        String lastNumber = TestNumbers.dutchMobile();
        SmsApi.start("frugal", "c@frugal.example", lastNumber, "SMS", "en")
                .then().statusCode(429)
                .header("Retry-After", matchesPattern("\\d+"))
                .body("type", equalTo("https://tweestap.io/problems/tenant-send-budget"));
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(lastNumber))).isEmpty();
    }

    @Test
    void concurrentStartsForOneUserSpendExactlyTheUserBudget() throws Exception {
        // Tenant "crowded": 3 codes per user a day; 8 starts at once, each to another number.
        List<String> numbers = numbers(8);
        List<Response> answers = AtOnce.run(numbers.stream()
                .map(number -> (Callable<Response>) () ->
                        SmsApi.start("crowded", "rush@crowded.example", number, "SMS", "en"))
                .toList());

        assertThat(answers.stream().filter(a -> a.statusCode() == 201)).hasSize(3);
        assertThat(answers.stream().filter(a -> a.statusCode() == 429
                && "https://tweestap.io/problems/user-send-budget".equals(a.path("type")))).hasSize(5);
        assertThat(numbers.stream().mapToInt(n -> VonageSandbox.smsTo(TestNumbers.msisdn(n)).size()).sum())
                .isEqualTo(3);
    }

    @Test
    void concurrentStartsInOneTenantSpendExactlyTheTenantBudget() throws Exception {
        // Tenant "busy": 4 codes a day in all; 8 users start at once.
        List<String> numbers = numbers(8);
        List<Callable<Response>> starts = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            String user = "user" + i + "@busy.example";
            String number = numbers.get(i);
            starts.add(() -> SmsApi.start("busy", user, number, "SMS", "en"));
        }
        List<Response> answers = AtOnce.run(starts);

        assertThat(answers.stream().filter(a -> a.statusCode() == 201)).hasSize(4);
        assertThat(answers.stream().filter(a -> a.statusCode() == 429
                && "https://tweestap.io/problems/tenant-send-budget".equals(a.path("type")))).hasSize(4);
        assertThat(numbers.stream().mapToInt(n -> VonageSandbox.smsTo(TestNumbers.msisdn(n)).size()).sum())
                .isEqualTo(4);
    }

    private static List<String> numbers(int count) {
        List<String> numbers = new ArrayList<>();
        while (numbers.size() < count) {
            String number = TestNumbers.dutchMobile();
            // Different prefixes, so that only the budget under test can refuse.
            if (numbers.stream().noneMatch(n -> n.substring(0, 7).equals(number.substring(0, 7)))) {
                numbers.add(number);
            }
        }
        return numbers;
    }

    @Test
    void manyNumbersInOneRangeLookLikePumpingAndAreStopped() {
        // %test allows 4 sends per 10 minutes to one 8-digit prefix.
        String first = TestNumbers.dutchMobile();
        for (int i = 0; i < 4; i++) {
            SmsApi.start("acme", "pump" + i + "@acme.example", TestNumbers.sameRange(first, i), "SMS", "en")
                    .then().statusCode(201);
        }
        String fifth = TestNumbers.sameRange(first, 4);
        SmsApi.start("acme", "pump4@acme.example", fifth, "SMS", "en")
                .then().statusCode(429)
                .body("type", equalTo("https://tweestap.io/problems/number-prefix-velocity"));
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(fifth))).isEmpty();
    }

    @Test
    void oneCountryGetsAtMostItsLimitAcrossNumbersPrefixesAndTenants() {
        // %test allows 2 sends an hour to Luxembourg ("LU"), whoever sends them.
        List<String> numbers = distinctPrefixes("LU", 3);
        SmsApi.start("acme", toRegion("pump-lu0@acme.example", "LU", numbers.get(0))).then().statusCode(201);
        SmsApi.start("elsewhere", toRegion("pump-lu1@elsewhere.example", "LU", numbers.get(1))).then().statusCode(201);

        String third = numbers.get(2);
        int retryAfter = Integer.parseInt(SmsApi.start("acme", toRegion("pump-lu2@acme.example", "LU", third))
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/region-send-limit"))
                .body("status", equalTo(429))
                .extract().header("Retry-After"));
        // The first send to LU leaves the one-hour window about an hour from now.
        assertThat(retryAfter).isBetween(59 * 60, 60 * 60);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdnOfE164(third))).isEmpty();

        // Other countries keep their own count.
        String dutch = TestNumbers.dutchMobile();
        SmsApi.start("acme", "pump-nl@acme.example", dutch, "SMS", "en").then().statusCode(201);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(dutch))).hasSize(1);

        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> record = topic.await(r -> r.key().equals("acme:pump-lu2@acme.example")
                    && r.value().contains("REGION_LIMIT"), EVENT_WAIT);
            SmsSendRefused event = EventJson.read(record.value(), SmsSendRefused.class);
            assertThat(event.reason()).isEqualTo("REGION_LIMIT");
            assertThat(event.maskedNumber()).isEqualTo("+352 6 ****" + third.substring(third.length() - 4));
            assertThat(event.channel()).isEqualTo("SMS");
            assertThat(event.verificationId()).isNull();
        }

        // Once the first send has left the window, the country has room for one more.
        clock.advance(Duration.ofSeconds(retryAfter));
        SmsApi.start("acme", toRegion("pump-lu2@acme.example", "LU", third)).then().statusCode(201);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdnOfE164(third))).hasSize(1);
    }

    @Test
    void concurrentStartsToOneCountrySendExactlyItsLimit() throws Exception {
        // %test allows 3 sends an hour to Ireland ("IE"). Eight users of eight tenants start at once, each
        // to a number in another prefix: no tenant, user or prefix lock is shared, only the region's.
        List<String> numbers = distinctPrefixes("IE", 8);
        List<Callable<Response>> starts = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            String tenant = "pumped" + i;
            Map<String, String> body = toRegion("user@" + tenant + ".example", "IE", numbers.get(i));
            starts.add(() -> SmsApi.start(tenant, body));
        }
        List<Response> answers = AtOnce.run(starts);

        assertThat(answers.stream().filter(a -> a.statusCode() == 201)).hasSize(3);
        assertThat(answers.stream().filter(a -> a.statusCode() == 429
                && "https://tweestap.io/problems/region-send-limit".equals(a.path("type"))
                && a.header("Retry-After") != null)).hasSize(5);
        assertThat(numbers.stream().mapToInt(n -> VonageSandbox.smsTo(TestNumbers.msisdnOfE164(n)).size()).sum())
                .isEqualTo(3);
    }

    @Test
    void oneTenantUsingUpItsShareOfACountryLeavesTheRestToOthers() {
        // %test allows 4 sends an hour to Germany ("DE"); a tenant may use half of that.
        List<String> numbers = distinctPrefixes("DE", 5);
        SmsApi.start("greedy", toRegion("a@greedy.example", "DE", numbers.get(0))).then().statusCode(201);
        SmsApi.start("greedy", toRegion("b@greedy.example", "DE", numbers.get(1))).then().statusCode(201);
        int retryAfter = Integer.parseInt(SmsApi.start("greedy", toRegion("c@greedy.example", "DE", numbers.get(2)))
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/region-tenant-share"))
                .extract().header("Retry-After"));
        assertThat(retryAfter).isBetween(59 * 60, 60 * 60);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdnOfE164(numbers.get(2)))).isEmpty();

        // The other half of the country is still there for another tenant.
        SmsApi.start("modest", toRegion("a@modest.example", "DE", numbers.get(3))).then().statusCode(201);
        SmsApi.start("modest", toRegion("b@modest.example", "DE", numbers.get(4))).then().statusCode(201);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdnOfE164(numbers.get(4)))).hasSize(1);
        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            topic.await(r -> r.key().equals("greedy:c@greedy.example") && r.value().contains("REGION_TENANT_SHARE"),
                    EVENT_WAIT);
        }
    }

    /** Fresh E.164 numbers of one region, no two in the same 8-digit prefix. */
    private static List<String> distinctPrefixes(String region, int count) {
        List<String> numbers = new ArrayList<>();
        while (numbers.size() < count) {
            String number = TestNumbers.mobile(region);
            if (numbers.stream().noneMatch(n -> n.substring(0, 9).equals(number.substring(0, 9)))) {
                numbers.add(number);
            }
        }
        return numbers;
    }

    private static Map<String, String> toRegion(String userId, String region, String e164) {
        return Map.of("userId", userId, "regionCode", region, "number", e164, "channel", "SMS", "language", "en",
                "purpose", "ENROLLMENT");
    }

    private static void refused(String tenant, String region, String number, String channel, String problem) {
        SmsApi.start(tenant, Map.of("userId", "refused@" + tenant + ".example", "regionCode", region,
                        "number", number, "channel", channel, "language", "en", "purpose", "ENROLLMENT"))
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/" + problem));
    }
}
