package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static io.tweestap.enrollment.MethodsPageCalls.COOKIE;
import static org.hamcrest.Matchers.containsString;

import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.Topic;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A move to a new phone as the methods page and the new phone drive it (decision 0094). */
final class MoveCalls {

    static final String WIZARD = "tweestap_setup";

    /** The methods page session that started a move, and the wizard session that activates the new phone. */
    record Started(String page, String csrf, String wizard) {
    }

    private MoveCalls() {
    }

    /** Opens the user's methods page and starts moving from {@code oldDevice}: into the wizard's app step. */
    static Started start(String tenant, String user, String oldDevice) {
        String page = MethodsPageCalls.open(MethodsPageCalls.link(tenant, user, null));
        String csrf = MethodsPageCalls.csrf(page);
        return new Started(page, csrf, startAgain(page, csrf, oldDevice));
    }

    /** Starts (again) from the same page session; returns the wizard cookie it sets, or null when it sets none. */
    static String startAgain(String page, String csrf, String oldDevice) {
        return given().cookie(COOKIE, page).redirects().follow(false).formParam("csrf", csrf)
                .formParam("methodId", oldDevice).when().post("/setup/methods/move")
                .then().statusCode(303).extract().cookie(WIZARD);
    }

    /** The new phone scans the QR code of the move's wizard session; its device id. */
    static String newPhoneActivates(String wizard) {
        return newPhoneActivatesWith(Journey.activationCode(wizard));
    }

    /** The new phone activates with the code the wizard's QR step shows; its device id. */
    static String newPhoneActivatesWith(String activationCode) {
        return Journey.activate(activationCode, DeviceKeyPair.generate(), "New phone")
                .then().statusCode(201).extract().path("deviceId");
    }

    /** The move page as the person sees it (in English); looking asks the old device once the new phone is in. */
    static String movePage(String page) {
        return given().cookie(COOKIE, page).header("Accept-Language", "en").when().get("/setup/methods/move")
                .then().statusCode(200).extract().asString();
    }

    /** Looks at the move page until the old device was asked; the challenge id challenge-service gave. */
    static String oldDeviceAsked(String page, String user) {
        given().cookie(COOKIE, page).header("Accept-Language", "en").when().get("/setup/methods/move")
                .then().statusCode(200).body(containsString("data-move-state=\"AWAITING_OLD_DEVICE\""));
        return Journey.sqlText("SELECT challenge_id FROM device_move WHERE user_id = '" + user
                + "' AND status = 'AWAITING_OLD_DEVICE'");
    }

    /** One column of the user's newest move, as text. */
    static String move(String user, String column) {
        return Journey.sqlText("SELECT " + column + "::text FROM device_move WHERE user_id = '" + user
                + "' ORDER BY requested_at DESC LIMIT 1");
    }

    /** The device's row as it stands, to compare before and after. */
    static String deviceRow(String deviceId) {
        return Journey.sqlText("SELECT coalesce((SELECT row(d.*)::text FROM device d WHERE id = '" + deviceId + "'), 'gone')");
    }

    /** Waits for the user's event of this type and returns its value; every earlier one of theirs is in {@code topic.seen()}. */
    static String awaitEvent(TopicRecords topic, String user, String type) {
        return topic.await(record -> isOf(record, user, type), Duration.ofSeconds(30)).value();
    }

    static List<String> seen(TopicRecords topic, String user, String type) {
        return topic.seen().stream().filter(record -> isOf(record, user, type)).map(ConsumerRecord::value).toList();
    }

    static TopicRecords enrollmentEvents() {
        return TopicRecords.of(Topic.ENROLLMENT.topicName());
    }

    private static boolean isOf(ConsumerRecord<String, String> record, String user, String type) {
        return record.key().endsWith(":" + user)
                && ("tweestap.enrollment." + type + ".v1").equals(TopicRecords.header(record, "ce_type"));
    }
}
