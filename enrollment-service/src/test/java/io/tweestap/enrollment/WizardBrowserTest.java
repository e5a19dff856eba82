package io.tweestap.enrollment;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.TweestapEvent;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeDenied;
import io.tweestap.events.challenge.ChallengeExpired;
import io.tweestap.events.enrollment.EnrollmentCompleted;
import io.tweestap.events.enrollment.PhoneVerificationRequested;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.TopicRecords;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The seed guide walked in real headless Chromium, in Dutch and in English: the QR image on the
 * page is decoded with ZXing and activated with a real P-256 key, and the page moves on by itself.
 * One browser serves every test of this class.
 */
@QuarkusTest
class WizardBrowserTest {

    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        System.setProperty("SE_OFFLINE", "true");
        profile = Files.createTempDirectory("tweestap-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1000,1400", "--user-data-dir=" + profile);
        // The browser asks for Dutch first, as a Dutch employee's would.
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "nl-NL,nl"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @BeforeEach
    void freshBrowserState() {
        // Every origin's cookies: a test may end on the platform's page, where deleteAllCookies would
        // not reach the wizard's language cookie.
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        WireMock.configureFor("127.0.0.1", Integer.getInteger(ServiceStandIns.PORT_PROPERTY));
    }

    /** Seed steps 4-13 in Dutch, keyboard only: every "Volgende" is pressed with Enter. */
    @Test
    void aDutchEmployeeWalksTheWholeGuide() throws Exception {
        String user = "noor-" + UUID.randomUUID() + "@acme.example";
        browser.get(Journey.link("acme", user));

        // Step 4: "Meer informatie vereist", for the account the platform named.
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("nl");
        assertThat(text("h2")).isEqualTo("Meer informatie vereist");
        assertThat(text("#account")).isEqualTo("Account: " + user);
        assertThat(browser.findElements(By.id("switch-account"))).as("no switch-account URL was given").isEmpty();
        assertAccessible("required");
        // "Meer informatie": reached with Tab, opened with Enter.
        WebElement moreInfo = tabTo(By.cssSelector("#more-info summary"));
        assertThat(moreInfo.getText()).isEqualTo("Meer informatie");
        WebElement details = browser.findElement(By.id("more-info"));
        assertThat(details.getDomProperty("open")).isEqualTo("false");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(driver -> "true".equals(details.getDomProperty("open")));
        assertThat(text("#more-info")).contains("tweede stap").contains("ongeveer vijf minuten")
                .contains("Tweestap Authenticator").contains("telefoonnummer");
        assertAccessible("required, more information open");
        press("next");
        // Step 5: get the app; step 6: add a work or school account.
        awaitHeading("Installeer de app Tweestap Authenticator");
        assertThat(text("#step-count")).isEqualTo("Stap 1 van 7");
        assertThat(browser.findElement(By.cssSelector(".progress [aria-current=step]")).getText()).isEqualTo("App installeren");
        // The web app: nothing from an app store; its address to open on the phone (decision 0077).
        assertThat(text("main")).contains("webapp").contains("beginscherm");
        assertThat(text("#app-url")).isEqualTo(publicUrl() + "/app/");
        // The tests' deployment also publishes a native app on Google Play only: that store, and no other, is named.
        assertThat(text("#native-apps")).startsWith("Uw organisatie biedt hem ook aan").endsWith("Google Play");
        assertThat(browser.findElement(By.id("google-play")).getAttribute("href"))
                .isEqualTo("https://play.google.com/store/apps/details?id=org.example.tweestap");
        assertThat(browser.findElements(By.id("app-store"))).isEmpty();
        assertThat(text("main")).doesNotContain("App Store");
        assertAccessible("app");
        press("next");
        awaitHeading("Stel uw account in de app in");
        assertThat(text("main")).contains("camera van uw telefoon");
        assertAccessible("account");
        press("next");

        // Step 7: scan the QR code, here with ZXing from the image the page shows. "Volgende" before the
        // phone is linked says why nothing happened.
        awaitHeading("Scan de QR-code");
        assertThat(browser.findElements(By.id("not-linked"))).isEmpty();
        press("next");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("not-linked")));
        assertThat(text("#not-linked")).startsWith("Uw telefoon is nog niet gekoppeld").contains("Scan de QR-code");
        assertThat(browser.findElement(By.id("not-linked")).getAttribute("role")).isEqualTo("alert");
        assertAccessible("qr, next before the phone is linked");
        Map<String, String> qr = scanQr();
        assertThat(qr.get("url")).isEqualTo(publicUrl());
        browser.findElement(By.cssSelector("#cant-scan summary")).sendKeys(Keys.ENTER);
        assertThat(text("#activation-code").replace("-", "")).isEqualTo(qr.get("code"));
        assertThat(text("#cant-scan #app-url")).isEqualTo(publicUrl() + "/app/");
        assertThat(text("#live")).isEqualTo("Wachten op uw telefoon…");
        assertAccessible("qr, code shown as text");
        String deviceId = activate(qr, "Noor's iPhone");

        // Step 8: the page moved on by itself and shows the number to type.
        String number = awaitTestNumber();
        assertThat(number).matches("\\d{2}");
        assertThat(text("main")).contains("Typ het getal hieronder in de app");
        assertAccessible("test, waiting");
        approveOnThePhone("acme", user, deviceId);
        // Step 9: the page sees the approval.
        WebElement next = new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("next")));
        assertThat(text("#live")).isEqualTo("Melding goedgekeurd. De app is ingesteld.");
        assertAccessible("test, approved");
        next.sendKeys(Keys.ENTER);

        // Step 11: country or region (default from the browser locale), number, method.
        awaitHeading("Telefoon");
        Select region = new Select(browser.findElement(By.id("region")));
        assertThat(region.getFirstSelectedOption().getText()).isEqualTo("Nederland (+31)");
        assertThat(region.getOptions()).hasSizeGreaterThan(200);
        assertThat(browser.findElement(By.cssSelector("label[for=number]")).getText()).isEqualTo("Telefoonnummer");
        assertThat(browser.findElement(By.cssSelector("label[for=channel-sms]")).getText()).isEqualTo("Code per sms-bericht verzenden");
        type("number", "12");
        press("next");
        // The page before the answer has the same heading: wait for the error itself.
        awaitError("Dit is geen geldig telefoonnummer voor het gekozen land of de gekozen regio.");
        assertAccessible("phone, invalid number");
        browser.findElement(By.id("number")).clear();
        type("number", "06 12345678");
        press("next");

        // Step 12: the code from the SMS, with a wrong try and a resend first.
        awaitHeading("Voer de code in");
        assertThat(text("#sent-to")).isEqualTo("We hebben een sms-bericht verzonden naar +31 6 ****5678. Voer de code uit het bericht in.");
        WireMock.verify(postRequestedFor(urlEqualTo("/api/v1/phone-verifications"))
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                .withRequestBody(matchingJsonPath("$.number", equalTo("+31612345678")))
                .withRequestBody(matchingJsonPath("$.regionCode", equalTo("NL")))
                .withRequestBody(matchingJsonPath("$.channel", equalTo("SMS")))
                .withRequestBody(matchingJsonPath("$.language", equalTo("nl")))
                .withRequestBody(matchingJsonPath("$.purpose", equalTo("ENROLLMENT"))));
        type("code", "000000");
        press("verify");
        awaitHeading("Voer de code in");
        assertThat(text("#error")).contains("Die code klopt niet.").contains("Nog 4 pogingen over.");
        assertAccessible("code, wrong code");
        press("resend");
        awaitHeading("Voer de code in");
        assertThat(text("#resent")).isEqualTo("Er is een nieuwe code onderweg.");
        assertAccessible("code, resent");
        type("code", ServiceStandIns.GOOD_CODE);
        press("verify");

        // Step 13: done. The platform gave no return URL, so there is no "Gereed" to go back with.
        awaitHeading("U bent klaar");
        assertThat(text("main")).contains("De verificatie is voltooid.");
        assertThat(browser.findElements(By.cssSelector("#methods li")).stream().map(WebElement::getText).toList())
                .containsExactly("Authenticator-app: Noor's iPhone", "Telefoon: +31 6 ****5678");
        assertThat(text("#account")).isEqualTo("Account: " + user);
        assertThat(text("#close-page")).isEqualTo("U kunt deze pagina nu sluiten.");
        assertThat(browser.findElements(By.id("finish"))).isEmpty();
        assertAccessible("done");

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            ConsumerRecord<String, String> requested = topic.await(record -> record.key().equals("acme:" + user)
                    && "tweestap.enrollment.PhoneVerificationRequested.v1".equals(TopicRecords.header(record, "ce_type")),
                    Duration.ofSeconds(20));
            assertThat(EventJson.read(requested.value(), PhoneVerificationRequested.class).maskedNumber())
                    .isEqualTo("+31 6 ****5678");
            assertThat(requested.value()).doesNotContain("612345678");
            ConsumerRecord<String, String> completed = topic.await(record -> record.key().equals("acme:" + user)
                    && "tweestap.enrollment.EnrollmentCompleted.v1".equals(TopicRecords.header(record, "ce_type")),
                    Duration.ofSeconds(20));
            assertThat(EventJson.read(completed.value(), EnrollmentCompleted.class).methods())
                    .containsExactly("AUTHENTICATOR", "PHONE");
        }
    }

    /**
     * The same journey in English, switched on the first page, with "call me" instead of SMS. The
     * platform gave its pages with the link: "Use a different account" is offered, and "Done" returns.
     */
    @Test
    void anEnglishSpeakerSwitchesLanguageAndAsksForACall() throws Exception {
        String user = "sam-" + UUID.randomUUID() + "@acme.example";
        String welcomeBack = platformPage("/portal/welcome-back?from=tweestap", "Welcome back, Sam");
        String signOut = platformPage("/portal/sign-out", "Signed out");
        browser.get(Journey.link("acme", user, welcomeBack, signOut));
        assertThat(text("h2")).isEqualTo("Meer informatie vereist");
        assertThat(text("#switch-account")).isEqualTo("Een ander account gebruiken");
        browser.findElement(By.id("switch-language")).sendKeys(Keys.ENTER);
        awaitHeading("More information required");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(text("#account")).isEqualTo("Account: " + user);
        assertThat(text("#switch-account")).isEqualTo("Use a different account");
        assertThat(browser.findElement(By.id("switch-account")).getAttribute("href")).isEqualTo(signOut);
        assertThat(text("#more-info summary")).isEqualTo("More information");
        assertAccessible("required, English");
        press("next");
        awaitHeading("Get the Tweestap Authenticator app");
        press("next");
        awaitHeading("Set up your account in the app");
        press("next");
        awaitHeading("Scan the QR code");
        assertThat(browser.findElement(By.id("qr")).getAttribute("alt")).isEqualTo("QR code to link the app to your account");
        String deviceId = activate(scanQr(), "Sam's Pixel");

        awaitTestNumber();
        assertThat(text("main")).contains("Type the number below in the app and approve it.");
        approveOnThePhone("acme", user, deviceId);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("next"))).sendKeys(Keys.ENTER);

        awaitHeading("Phone");
        new Select(browser.findElement(By.id("region"))).selectByValue("NL");
        type("number", "0612345678");
        browser.findElement(By.id("channel-voice")).sendKeys(Keys.SPACE);
        press("next");
        awaitHeading("Enter the code");
        assertThat(text("#sent-to")).isEqualTo("We are calling +31 6 ****5678. Enter the code you hear.");
        WireMock.verify(postRequestedFor(urlEqualTo("/api/v1/phone-verifications"))
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                .withRequestBody(matchingJsonPath("$.channel", equalTo("VOICE")))
                .withRequestBody(matchingJsonPath("$.language", equalTo("en"))));
        assertAccessible("code, English");
        // The fifth wrong code locks it: typing more is pointless, so the page offers only a new code.
        type("code", "111111");
        press("verify");
        awaitHeading("Enter the code");
        assertThat(text("#error")).contains("A wrong code was entered too often, so this code no longer works.");
        assertThat(browser.findElements(By.id("code"))).isEmpty();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("resend");
        assertAccessible("code, locked, English");
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        awaitHeading("Enter the code");
        assertThat(text("#resent")).isEqualTo("A new code is on its way.");
        type("code", ServiceStandIns.GOOD_CODE);
        press("verify");
        awaitHeading("You're all set");
        assertThat(browser.findElements(By.cssSelector("#methods li")).stream().map(WebElement::getText).toList())
                .containsExactly("Authenticator app: Sam's Pixel", "Phone: +31 6 ****5678");
        // Seed step 13's "Gereed": back to what the person was doing on the platform.
        assertThat(text("#finish")).isEqualTo("Done");
        assertThat(browser.findElements(By.id("close-page"))).isEmpty();
        assertAccessible("done, with the way back, English");
        press("finish");
        awaitPlatformPage(welcomeBack, "Welcome back, Sam");
        WireMock.verify(getRequestedFor(urlEqualTo("/portal/welcome-back?from=tweestap")).withoutHeader("Referer"));
    }

    /** A link works once and only for a while; the page says so in the user's language. */
    @Test
    void expiredAndUsedLinksAreExplained() {
        String expired = Journey.link("acme", "old-" + UUID.randomUUID() + "@acme.example");
        Journey.sql("UPDATE enrollment_link SET expires_at = now() - interval '1 second' WHERE opened_at IS NULL");
        browser.get(expired);
        assertThat(text("#error")).contains("Deze instellingslink is verlopen.");
        assertThat(browser.findElements(By.id("next"))).isEmpty();
        assertAccessible("error, expired link");

        String used = Journey.link("acme", "twice-" + UUID.randomUUID() + "@acme.example");
        Journey.openWizard(used);
        browser.get(used);
        assertThat(text("#error")).contains("Deze instellingslink is al gebruikt.");

        browser.get(publicUrl() + "/setup/qr");
        assertThat(text("#error")).contains("Uw sessie is afgelopen.");
    }


    /** Seed steps 8-9 when the person denies the test push: the page says so and a new push works. */
    @Test
    void aDeniedTestPushIsExplainedAndANewOneCanBeApproved() throws Exception {
        String user = "deny-" + UUID.randomUUID() + "@acme.example";
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        pushesFor(user, first, "17", second, "42");
        String deviceId = reachTheTestStep(user, "");

        assertThat(awaitTestNumber()).isEqualTo("17");
        endOnThePhone(deviceId, (challengeId, at) -> new ChallengeDenied("acme", user, at, challengeId, "ENROLLMENT_TEST",
                deviceId, "USER_DENIED"));
        awaitError("De melding is op uw telefoon geweigerd. Verstuur een nieuwe melding en keur die goed.");
        assertThat(browser.findElement(By.id("test-pending")).isDisplayed()).isFalse();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("send-again-button");
        assertThat(text("#send-again-button")).isEqualTo("Nieuwe melding versturen");
        assertAccessible("test, denied");
        // A reload renders the same state on the server, for browsers without script too.
        browser.navigate().refresh();
        awaitError("De melding is op uw telefoon geweigerd.");
        assertThat(browser.findElements(By.id("number"))).isEmpty();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("send-again-button");
        assertAccessible("test, denied, rendered on the server");

        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBe(By.id("number"), "42"))).isTrue();
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        approveOnThePhone("acme", user, deviceId);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("next")));
        assertThat(text("#live")).isEqualTo("Melding goedgekeurd. De app is ingesteld.");
        WireMock.verify(2, postRequestedFor(urlEqualTo("/api/v1/challenges"))
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                .withRequestBody(matchingJsonPath("$.deviceId", equalTo(deviceId)))
                .withRequestBody(matchingJsonPath("$.purpose", equalTo("ENROLLMENT_TEST"))));
    }

    /** A push nobody answered expires; in English the page explains it, and a new push gets through. */
    @Test
    void anExpiredTestPushIsExplainedAndANewOneCanBeApproved() throws Exception {
        String user = "expire-" + UUID.randomUUID() + "@acme.example";
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        pushesFor(user, first, "23", second, "64");
        String deviceId = reachTheTestStep(user, "?lang=en");

        assertThat(awaitTestNumber()).isEqualTo("23");
        endOnThePhone(deviceId, (challengeId, at) -> new ChallengeExpired("acme", user, at, challengeId, "ENROLLMENT_TEST"));
        awaitError("Your phone did not answer in time.");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("send-again-button");
        assertThat(text("#send-again-button")).isEqualTo("Send a new notification");
        assertAccessible("test, expired, English");

        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBe(By.id("number"), "64"))).isTrue();
        approveOnThePhone("acme", user, deviceId);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("next")));
        assertThat(text("#live")).isEqualTo("Notification approved. The app is set up.");
    }

    /**
     * The person meant to approve but typed another number: the page says the number was wrong, not
     * that the push was denied, and the next push (with the number typed right) verifies the device.
     */
    @Test
    void aWrongNumberOnTheTestPushIsExplainedAsAWrongNumber() throws Exception {
        String user = "wrong-number-" + UUID.randomUUID() + "@acme.example";
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        pushesFor(user, first, "31", second, "58");
        String deviceId = reachTheTestStep(user, "?lang=en");

        assertThat(awaitTestNumber()).isEqualTo("31");
        endOnThePhone(deviceId, (challengeId, at) -> new ChallengeDenied("acme", user, at, challengeId, "ENROLLMENT_TEST",
                deviceId, "WRONG_NUMBER"));
        awaitError("The number typed on your phone was not the number on this page.");
        assertThat(text("#error")).doesNotContain("denied");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("send-again-button");
        assertAccessible("test, wrong number, English");

        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBe(By.id("number"), "58"))).isTrue();
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        approveOnThePhone("acme", user, deviceId);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("next")));
        assertThat(text("#live")).isEqualTo("Notification approved. The app is set up.");
    }

    /**
     * challenge-service learns of a new device from DeviceRegistered, which can arrive after the
     * wizard asks for the test push: it answers 409 device-not-known-yet until then. The wizard
     * asks again, and the person just sees the number.
     */
    @Test
    void theTestPushWaitsUntilChallengeServiceKnowsTheDevice() throws Exception {
        String user = "early-" + UUID.randomUUID() + "@acme.example";
        String scenario = "not-known-yet-" + user;
        String state = Scenario.STARTED;
        for (int attempt = 1; attempt <= 3; attempt++) {
            String nextState = "attempt-" + attempt;
            WireMock.stubFor(WireMock.post(urlEqualTo("/api/v1/challenges")).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                    .inScenario(scenario).whenScenarioStateIs(state).willSetStateTo(nextState)
                    .willReturn(problem(409, "device-not-known-yet", "")));
            state = nextState;
        }
        String challenge = UUID.randomUUID().toString();
        WireMock.stubFor(WireMock.post(urlEqualTo("/api/v1/challenges")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                .inScenario(scenario).whenScenarioStateIs(state)
                .willReturn(createdChallenge(challenge, "58")));
        reachTheTestStep(user, "");

        assertThat(awaitTestNumber()).isEqualTo("58");
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        WireMock.verify(4, postRequestedFor(urlEqualTo("/api/v1/challenges"))
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user))));
    }

    /**
     * A fraud block holds the test push too (409 pushes-blocked): the page says so at once and sends
     * the person to the help desk; it is not mistaken for "not known yet" and asked again.
     */
    @Test
    void aFraudBlockIsExplainedAndNotAskedAgain() throws Exception {
        String user = "blocked-" + UUID.randomUUID() + "@acme.example";
        WireMock.stubFor(WireMock.post(urlEqualTo("/api/v1/challenges")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                .willReturn(problem(409, "pushes-blocked", "")));
        reachTheTestStep(user, "");

        awaitError("Meldingen naar uw telefoon zijn geblokkeerd omdat een aanmelding als fraude is gemeld.");
        WireMock.verify(1, postRequestedFor(urlEqualTo("/api/v1/challenges"))
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user))));
    }

    /** Too many test pushes (429 with Retry-After): the page tells how long to wait, in English too. */
    @Test
    void aTestPushLimitIsShownAsAWait() throws Exception {
        String user = "test-limit-" + UUID.randomUUID() + "@acme.example";
        WireMock.stubFor(WireMock.post(urlEqualTo("/api/v1/challenges")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                .willReturn(problem(429, "push-limit", "").withHeader("Retry-After", "300")));
        reachTheTestStep(user, "?lang=en");

        awaitError("Too many test notifications in a short time.");
        assertThat(text("#error")).contains("5 minutes");
    }

    /** sms-service refuses to send (a send limit, 429 with Retry-After): the page tells how long to wait. */
    @Test
    void aSendLimitIsShownAsAWaitInTheUsersLanguage() {
        String user = "limit-" + UUID.randomUUID() + "@acme.example";
        WireMock.stubFor(WireMock.post(urlEqualTo("/api/v1/phone-verifications")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                .willReturn(problem(429, "number-send-limit", "").withHeader("Retry-After", "900")));
        browser.get(Journey.link("acme", user));
        browser.get(publicUrl() + "/setup/phone");
        awaitHeading("Telefoon");
        type("number", "06 12345678");
        press("next");
        // The page before the answer has the same heading: wait for the error itself.
        awaitError("We kunnen nu geen nieuwe code naar dit nummer sturen.");
        assertThat(text("#error")).contains("U kunt over 15 minuten een nieuwe code aanvragen.");
        assertThat(browser.findElement(By.id("number")).getAttribute("value")).isEqualTo("06 12345678");
        assertThat(browser.findElement(By.id("number")).getAttribute("aria-invalid")).isNull();
        assertAccessible("phone, send limit");
    }

    /** Seed step 12 when the code ran out (410 code-expired): the page offers a new code, and that one works. */
    @Test
    void anExpiredCodeIsReplacedWithANewOne() {
        String user = "late-" + UUID.randomUUID() + "@acme.example";
        String verification = UUID.randomUUID().toString();
        verificationFor(user, verification);
        String scenario = "expired-code-" + verification;
        WireMock.stubFor(WireMock.post(urlPathEqualTo(checkPath(verification))).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(problem(410, "code-expired", "")));
        newCodeAfterResend(verification, scenario, Scenario.STARTED);
        browser.get(Journey.link("acme", user));
        browser.get(publicUrl() + "/setup/phone");
        awaitHeading("Telefoon");
        type("number", "06 12345678");
        press("next");
        awaitHeading("Voer de code in");

        type("code", ServiceStandIns.GOOD_CODE);
        press("verify");
        awaitHeading("Voer de code in");
        assertThat(text("#error")).contains("De code is verlopen. Laat een nieuwe code sturen en voer die in.");
        assertThat(browser.findElements(By.id("code"))).isEmpty();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("resend");
        assertThat(text("#resend")).isEqualTo("Nieuwe code sturen");
        assertAccessible("code, expired");

        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        awaitHeading("Voer de code in");
        assertThat(text("#resent")).isEqualTo("Er is een nieuwe code onderweg.");
        type("code", ServiceStandIns.GOOD_CODE);
        press("verify");
        awaitHeading("U bent klaar");
        assertThat(browser.findElements(By.cssSelector("#methods li")).stream().map(WebElement::getText).toList())
                .containsExactly("Telefoon: +31 6 ****5678");
        WireMock.verify(1, postRequestedFor(urlEqualTo(resendPath(verification))));
        WireMock.verify(2, postRequestedFor(urlEqualTo(checkPath(verification))));
    }

    /**
     * A second submit after the code was verified (409 already-verified, or SmsVerified was first)
     * still finishes, and "Gereed" returns to the platform's page.
     */
    @Test
    void aCodeAlreadyVerifiedFinishesTheStep() {
        String user = "twice-" + UUID.randomUUID() + "@acme.example";
        String verification = UUID.randomUUID().toString();
        verificationFor(user, verification);
        WireMock.stubFor(WireMock.post(urlPathEqualTo(checkPath(verification))).atPriority(1)
                .willReturn(problem(409, "already-verified", "")));
        String home = platformPage("/portal/home", "Portaal");
        browser.get(Journey.link("acme", user, home, null));
        assertThat(browser.findElements(By.id("switch-account"))).as("only a return URL was given").isEmpty();
        browser.get(publicUrl() + "/setup/phone");
        awaitHeading("Telefoon");
        type("number", "06 12345678");
        press("next");
        awaitHeading("Voer de code in");
        type("code", "000000");
        press("verify");
        awaitHeading("U bent klaar");
        assertThat(browser.findElements(By.cssSelector("#methods li")).stream().map(WebElement::getText).toList())
                .containsExactly("Telefoon: +31 6 ****5678");
        assertThat(text("#finish")).isEqualTo("Gereed");
        assertThat(browser.findElements(By.id("close-page"))).isEmpty();
        tabTo(By.id("finish"));
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        awaitPlatformPage(home, "Portaal");
    }

    /**
     * A locked code (429 code-locked) needs a new one; the first resend falls in sms-service's
     * cooldown (429 resend-cooldown, Retry-After 42), which the page shows as a wait; the next works.
     */
    @Test
    void aLockedCodeIsReplacedOnceTheCooldownIsOver() {
        String user = "locked-" + UUID.randomUUID() + "@acme.example";
        String verification = UUID.randomUUID().toString();
        verificationFor(user, verification);
        String scenario = "locked-code-" + verification;
        WireMock.stubFor(WireMock.post(urlPathEqualTo(checkPath(verification))).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(problem(429, "code-locked", ",\"attemptsLeft\":0").withHeader("Retry-After", "60")));
        WireMock.stubFor(WireMock.post(urlPathEqualTo(resendPath(verification))).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("cooled-down")
                .willReturn(problem(429, "resend-cooldown", "").withHeader("Retry-After", "42")));
        newCodeAfterResend(verification, scenario, "cooled-down");
        browser.get(Journey.link("acme", user));
        browser.get(publicUrl() + "/setup/phone?lang=en");
        awaitHeading("Phone");
        type("number", "06 12345678");
        press("next");
        awaitHeading("Enter the code");

        type("code", "654321");
        press("verify");
        awaitHeading("Enter the code");
        assertThat(text("#error")).contains("A wrong code was entered too often, so this code no longer works.");
        assertThat(browser.findElements(By.id("code"))).isEmpty();
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        awaitHeading("Enter the code");
        assertThat(text("#error")).contains("We cannot send another code to this number just now.")
                .contains("You can ask for a new code in 42 seconds.");
        assertAccessible("code, resend cooldown, English");

        press("resend");
        awaitHeading("Enter the code");
        assertThat(text("#resent")).isEqualTo("A new code is on its way.");
        type("code", ServiceStandIns.GOOD_CODE);
        press("verify");
        awaitHeading("You're all set");
        assertThat(text("#close-page")).isEqualTo("You can close this page now.");
        assertThat(browser.findElements(By.id("finish"))).isEmpty();
        WireMock.verify(2, postRequestedFor(urlEqualTo(resendPath(verification))));
    }

    /**
     * The account is the platform's userId shown as text, whatever it contains; "Een ander account
     * gebruiken" is reached by keyboard and leads to the platform's page for it.
     */
    @Test
    void theAccountIsShownAsTextAndADifferentAccountIsThePlatformsBusiness() {
        String user = "<i>kim</i>&co-" + UUID.randomUUID() + "@acme.example";
        String switchAccount = platformPage("/portal/choose-account", "Kies een account");
        browser.get(Journey.link("acme", user, null, switchAccount));
        awaitHeading("Meer informatie vereist");
        assertThat(text("#account")).isEqualTo("Account: " + user);
        assertThat(browser.findElements(By.cssSelector("#account i"))).isEmpty();
        tabTo(By.id("switch-account"));
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        awaitPlatformPage(switchAccount, "Kies een account");
    }

    /** The audit itself can fail: a field without a label, slipped into a real wizard page, is caught. */
    @Test
    void theAccessibilityAuditCatchesAnUnlabelledField() {
        browser.get(Journey.link("acme", "audit-" + UUID.randomUUID() + "@acme.example"));
        awaitHeading("Meer informatie vereist");
        browser.executeScript("var field = document.createElement('input'); field.type = 'text';"
                + " document.getElementById('main').appendChild(field);");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertAccessible("required, broken on purpose"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("label");
    }

    /** Opens the wizard, goes straight to the QR step and activates a device from the scanned image. */
    private String reachTheTestStep(String user, String query) throws Exception {
        browser.get(Journey.link("acme", user));
        browser.get(publicUrl() + "/setup/qr" + query);
        return activate(scanQr(), "Phone of " + user);
    }

    /** challenge-service hands out two pushes for this user, one after the other. */
    private static void pushesFor(String user, String first, String firstNumber, String second, String secondNumber) {
        String scenario = "pushes-" + user;
        WireMock.stubFor(WireMock.post(urlEqualTo("/api/v1/challenges")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(createdChallenge(first, firstNumber)));
        WireMock.stubFor(WireMock.post(urlEqualTo("/api/v1/challenges")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                .inScenario(scenario).whenScenarioStateIs("second")
                .willReturn(createdChallenge(second, secondNumber)));
    }

    /**
     * challenge-service's event for how the push the wizard sent ended (denied with a reason, expired),
     * as it reaches enrollment-service on the challenge topic.
     */
    private static void endOnThePhone(String deviceId, java.util.function.BiFunction<String, Instant, TweestapEvent> ending) {
        try (EventPublisher publisher = new EventPublisher()) {
            String challengeId = Journey.challengeSentTo(deviceId);
            publisher.publish(ending.apply(challengeId, Instant.now()), UUID.randomUUID().toString(), challengeId);
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder createdChallenge(String id,
            String number) {
        return WireMock.aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"challengeId\":\"" + id + "\",\"status\":\"PENDING\",\"numberToShow\":\"" + number
                        + "\",\"expiresAt\":\"{{now offset='60 seconds'}}\"}")
                .withTransformers("response-template");
    }

    /** sms-service starts verification {@code id} for this user. */
    private static void verificationFor(String user, String id) {
        WireMock.stubFor(WireMock.post(urlEqualTo("/api/v1/phone-verifications")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.userId", equalTo(user)))
                .willReturn(WireMock.aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + id + "\",\"phoneId\":\"" + UUID.randomUUID()
                                + "\",\"maskedNumber\":\"" + ServiceStandIns.MASKED + "\",\"channel\":\"SMS\"}")));
    }

    /** From {@code state}, a resend issues a new code; only after it does the good code verify. */
    private static void newCodeAfterResend(String verification, String scenario, String state) {
        WireMock.stubFor(WireMock.post(urlPathEqualTo(resendPath(verification))).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs(state).willSetStateTo("new-code")
                .willReturn(WireMock.aResponse().withStatus(202)));
        WireMock.stubFor(WireMock.post(urlPathEqualTo(checkPath(verification))).atPriority(1)
                .inScenario(scenario).whenScenarioStateIs("new-code")
                .withRequestBody(matchingJsonPath("$.code", equalTo(ServiceStandIns.GOOD_CODE)))
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"VERIFIED\",\"maskedNumber\":\"" + ServiceStandIns.MASKED + "\"}")));
    }

    private static String checkPath(String verification) {
        return "/api/v1/phone-verifications/" + verification + "/check";
    }

    private static String resendPath(String verification) {
        return "/api/v1/phone-verifications/" + verification + "/resend";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(int status, String slug,
            String extra) {
        return WireMock.aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://tweestap.io/problems/" + slug + "\",\"status\":" + status + extra + "}");
    }

    private static void assertAccessible(String state) {
        AccessibilityAudit.assertAccessible(browser, state);
    }

    private static void awaitError(String message) {
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(text("#error")).contains(message);
    }

    private Map<String, String> scanQr() throws Exception {
        WebElement image = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> {
                    WebElement qr = driver.findElement(By.id("qr"));
                    Object loaded = browser.executeScript("return arguments[0].complete && arguments[0].naturalWidth", qr);
                    return loaded instanceof Number width && width.intValue() > 0 ? qr : null;
                });
        // A camera takes another picture when the first does not read; so does this (a screenshot taken
        // while the image is still being painted fails the QR checksum now and then).
        String content = new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> {
            try {
                byte[] png = image.getScreenshotAs(OutputType.BYTES);
                return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                                new BufferedImageLuminanceSource(ImageIO.read(new ByteArrayInputStream(png))))),
                        Map.of(com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
            } catch (com.google.zxing.ReaderException | java.io.IOException unreadable) {
                return null;
            }
        });
        // The web app's activation address (decision 0077): the code only in the fragment, never sent to a server.
        assertThat(content).startsWith(publicUrl() + "/app/activate#");
        String[] parts = content.split("#", 2);
        Map<String, String> parameters = new HashMap<>();
        parameters.put("code", URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        parameters.put("url", parts[0].substring(0, parts[0].length() - "/app/activate".length()));
        return parameters;
    }

    /** What the authenticator does with the scanned QR: generate its key and activate at the URL in it. */
    private static String activate(Map<String, String> qr, String deviceName) {
        DeviceKeyPair keys = DeviceKeyPair.generate();
        return io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("activationCode", qr.get("code"), "publicKey", keys.publicKeyBase64(),
                        "deviceName", deviceName, "platform", "ios",
                        "pushChannels", List.of(Map.of("kind", "direct", "address", "direct"))))
                .when().post(qr.get("url") + "/api/v1/device-activations")
                .then().statusCode(201)
                .extract().path("deviceId");
    }

    private String awaitTestNumber() {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/setup/test"));
        return new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("number"))).getText();
    }

    /** challenge-service would publish this once the user typed the number on the phone. */
    private static void approveOnThePhone(String tenant, String user, String deviceId) {
        try (EventPublisher publisher = new EventPublisher()) {
            // The push the wizard sent (the number on the page is its number); no other approval verifies.
            String challengeId = Journey.challengeSentTo(deviceId);
            publisher.publish(new ChallengeApproved(tenant, user, Instant.now(), challengeId, "ENROLLMENT_TEST", deviceId),
                    UUID.randomUUID().toString(), challengeId);
        }
    }

    /**
     * A page of the calling platform, served by the stand-in's server on 127.0.0.1 (http is allowed
     * there, as for a platform under development), so the browser's arrival can be observed.
     */
    private static String platformPage(String pathAndQuery, String heading) {
        WireMock.stubFor(WireMock.get(urlEqualTo(pathAndQuery)).willReturn(WireMock.aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html lang=\"nl\"><head><title>Portal</title></head><body><h1>"
                        + heading + "</h1></body></html>")));
        return "http://127.0.0.1:" + Integer.getInteger(ServiceStandIns.PORT_PROPERTY) + pathAndQuery;
    }

    private static void awaitPlatformPage(String url, String heading) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlToBe(url));
        assertThat(new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.tagName("h1"), heading))).isTrue();
    }

    /** Presses Tab, as a keyboard user would, until {@code target} has the focus. */
    private static WebElement tabTo(By target) {
        WebElement wanted = browser.findElement(target);
        for (int presses = 0; presses < 30; presses++) {
            if (wanted.equals(browser.switchTo().activeElement())) {
                return wanted;
            }
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached " + target + " on " + browser.getCurrentUrl());
    }

    private static void awaitHeading(String heading) {
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBe(By.tagName("h2"), heading));
    }

    private static void press(String id) {
        browser.findElement(By.id(id)).sendKeys(Keys.ENTER);
    }

    private static void type(String id, String value) {
        browser.findElement(By.id(id)).sendKeys(value);
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static String publicUrl() {
        return "http://localhost:" + Integer.getInteger(ServiceStandIns.APP_PORT_PROPERTY);
    }
}
