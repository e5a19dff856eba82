package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.enrollment.domain.SecretToken;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An administrator's reset ends the user's wizard at once (issue 11 item 2, decision 0070): the
 * open session, every unopened link and every unspent activation code, also when the browser or
 * the phone acts at the very moment of the reset.
 */
@QuarkusTest
class RegistrationResetTest {

    private static final int RACES = 12;
    private static final Pattern ACTIVATION_CODE = Pattern.compile("id=\"activation-code\">([A-Z0-9-]+)<");
    private static final List<String> PAGES = List.of("/setup", "/setup/app", "/setup/account", "/setup/qr",
            "/setup/test", "/setup/phone", "/setup/code", "/setup/done");

    @Test
    void aWizardOpenBeforeTheResetShowsThatItEndedOnEveryStep() {
        String user = user("open");
        String session = Journey.openWizard(Journey.link("acme", user));
        Journey.activationCode(session);

        reset(user);

        for (String page : PAGES) {
            given().cookie("tweestap_setup", session).redirects().follow(false).when().get(page)
                    .then().statusCode(410).contentType(containsString("text/html"))
                    .body(containsString("data-error=\"SETUP_ENDED\""))
                    .body(containsString("your registration was reset"));
        }
        given().cookie("tweestap_setup", session).when().get("/setup/status?test=true")
                .then().statusCode(200).body("error", equalTo("SETUP_ENDED"));
        given().cookie("tweestap_setup", session).when().get("/setup/qr.png").then().statusCode(410);
        given().cookie("tweestap_setup", session).redirects().follow(false)
                .formParam("csrf", csrf(session)).formParam("region", "NL").formParam("number", "0612345678")
                .formParam("channel", "SMS")
                .when().post("/setup/phone")
                .then().statusCode(410).body(containsString("data-error=\"SETUP_ENDED\""));
        assertThat(count("SELECT count(*)::text FROM phone_method WHERE user_id = '" + user + "'")).isZero();
        assertThat(count("SELECT count(*)::text FROM activation_code WHERE user_id = '" + user + "'"))
                .as("the QR page asked after the reset issued no new code").isEqualTo(1);
    }

    @Test
    void anActivationCodeShownBeforeTheResetActivatesNothing() {
        String user = user("code");
        String code = Journey.activationCodeFor("acme", user);

        reset(user);

        Journey.activate(code, DeviceKeyPair.generate(), "after the reset")
                .then().statusCode(410).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/activation-code-expired"))
                .body("detail", containsString("reset"));
        methodsOf(user).then().body("methods", empty());
    }

    @Test
    void aLinkIssuedBeforeTheResetNoLongerOpens() {
        String user = user("link");
        String link = Journey.link("acme", user);

        reset(user);

        given().redirects().follow(false).when().get(link)
                .then().statusCode(410).body(containsString("data-error=\"SETUP_ENDED\""));
        assertThat(count("SELECT count(*)::text FROM wizard_session WHERE user_id = '" + user + "'")).isZero();
    }

    @Test
    void aDeviceActivatingDuringTheResetIsRemovedByItOrRefused() {
        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            for (int i = 0; i < RACES; i++) {
                String user = user("race-device-" + i);
                String code = Journey.activationCodeFor("acme", user);

                Response activation = raceWithReset(user,
                        () -> Journey.activate(code, DeviceKeyPair.generate(), "racing"));

                methodsOf(user).then().body("methods", empty());
                if (activation.statusCode() == 201) {
                    String deviceId = activation.path("deviceId");
                    // The relay publishes after the commit; on a busy machine that can take a while.
                    ConsumerRecord<String, String> removed = topic.await(record -> isRemovalOf(record, deviceId),
                            Duration.ofSeconds(60));
                    assertThat(EventJson.read(removed.value(), DeviceRemoved.class).reason())
                            .isEqualTo("registration-reset");
                } else {
                    assertThat(activation.statusCode()).as(activation.asString()).isEqualTo(410);
                }
                methodsOf(user).then().body("methods", empty());
            }
        }
    }

    @Test
    void aQrCodeShownDuringTheResetActivatesNothing() {
        for (int i = 0; i < RACES; i++) {
            String user = user("race-qr-" + i);
            String session = Journey.openWizard(Journey.link("acme", user));

            Response page = raceWithReset(user, () -> given().cookie("tweestap_setup", session).get("/setup/qr"));

            Matcher code = ACTIVATION_CODE.matcher(page.asString());
            if (page.statusCode() == 200 && code.find()) {
                Journey.activate(code.group(1), DeviceKeyPair.generate(), "late").then().statusCode(410);
            } else {
                assertThat(page.statusCode()).isEqualTo(410);
            }
            methodsOf(user).then().body("methods", empty());
        }
    }

    @Test
    void aLinkOpenedDuringTheResetLeavesNoOpenSession() {
        for (int i = 0; i < RACES; i++) {
            String user = user("race-link-" + i);
            String link = Journey.link("acme", user);

            Response opened = raceWithReset(user, () -> given().redirects().follow(false).get(link));

            if (opened.statusCode() == 200) {
                given().cookie("tweestap_setup", opened.cookie("tweestap_setup")).when().get("/setup/app")
                        .then().statusCode(410).body(containsString("data-error=\"SETUP_ENDED\""));
            } else {
                assertThat(opened.statusCode()).isEqualTo(410);
            }
            assertThat(count("SELECT count(*)::text FROM wizard_session WHERE user_id = '" + user
                    + "' AND ended_at IS NULL")).isZero();
        }
    }

    /**
     * The races above are closed by the user's setup lock (decision 0070); each step that a reset
     * must see or refuse waits while another transaction holds that lock, and goes on after it.
     */
    @ParameterizedTest(name = "{0} waits for the user's setup lock")
    @ValueSource(strings = {"reset", "activation", "qr code", "link opening"})
    void everyStepThatRacesTheResetWaitsForTheUsersSetupLock(String step) throws Exception {
        String user = user("lock-" + step.replace(' ', '-'));
        String link = Journey.link("acme", user);
        String session = step.equals("link opening") ? null : Journey.openWizard(link);
        String code = step.equals("activation") ? Journey.activationCode(session) : null;
        Supplier<Response> action = switch (step) {
            case "reset" -> () -> given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:admin"))
                    .post("/api/v1/users/{user}/registration/reset", user);
            case "activation" -> () -> Journey.activate(code, DeviceKeyPair.generate(), "waiting");
            case "qr code" -> () -> given().cookie("tweestap_setup", session).get("/setup/qr");
            default -> () -> given().redirects().follow(false).get(link);
        };
        Config config = ConfigProvider.getConfig();
        try (Connection holder = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null))) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_xact_lock(70, hashtext(?))")) {
                lock.setString(1, "acme\n" + user);
                lock.execute();
            }
            CompletableFuture<Response> acting = CompletableFuture.supplyAsync(action);

            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> !acting.isDone());
            holder.commit();

            assertThat(acting.get(20, TimeUnit.SECONDS).statusCode()).isIn(200, 201, 204);
        }
    }

    /** Runs {@code action} and the user's reset at the same moment; the reset must succeed whatever the order. */
    private static Response raceWithReset(String user, Supplier<Response> action) {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Response> acting = CompletableFuture.supplyAsync(() -> {
            awaitQuietly(go);
            return action.get();
        });
        CompletableFuture<Integer> resetting = CompletableFuture.supplyAsync(() -> {
            awaitQuietly(go);
            return given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:admin"))
                    .post("/api/v1/users/{user}/registration/reset", user).statusCode();
        });
        go.countDown();
        assertThat(resetting.join()).isEqualTo(204);
        return acting.join();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isRemovalOf(ConsumerRecord<String, String> record, String deviceId) {
        return "tweestap.enrollment.DeviceRemoved.v1".equals(TopicRecords.header(record, "ce_type"))
                && record.value().contains(deviceId);
    }

    private static void reset(String user) {
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:admin"))
                .when().post("/api/v1/users/{user}/registration/reset", user)
                .then().statusCode(204);
    }

    private static Response methodsOf(String user) {
        return given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().get("/api/v1/users/{user}/methods", user);
    }

    private static int count(String query) {
        return Integer.parseInt(Journey.sqlText(query));
    }

    private static String user(String what) {
        return "reset-" + what + "-" + UUID.randomUUID() + "@acme.example";
    }

    private static String csrf(String session) {
        return SecretToken.hashOf("tweestap-csrf-v1:" + session);
    }
}
