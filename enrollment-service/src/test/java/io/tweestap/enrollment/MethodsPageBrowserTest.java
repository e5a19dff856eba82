package io.tweestap.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "My sign-in methods" in headless Chromium (issue 16 item 3, decision 0090), in Dutch and in
 * English, with the keyboard only and the accessibility audit after each action: rename, choose the
 * default, "I lost this phone", remove (and the refusal to remove the last required method), change
 * the phone number through the wizard, add another authenticator through the wizard, and move to a
 * new phone (decision 0094) with the old one approving.
 */
@QuarkusTest
class MethodsPageBrowserTest {

    /** The page's texts the test waits for, per language. */
    private record Texts(String title, String renamed, String isDefault, String lost, String removed, String lastMethod,
            String blocked, String phoneStep, String codeStep, String doneStep, String appStep) {
    }

    private static final Texts DUTCH = new Texts("Mijn aanmeldmethoden", "De naam van het apparaat is gewijzigd.",
            "Dit is nu uw standaardmethode.", "Het apparaat is geblokkeerd", "De methode is verwijderd.",
            "U kunt deze methode niet verwijderen", "Geblokkeerd", "Telefoon", "Voer de code in", "U bent klaar",
            "Installeer de app Tweestap Authenticator");
    private static final Texts ENGLISH = new Texts("My sign-in methods", "The device was renamed.",
            "This is now your default method.", "The device is blocked", "The method was removed.",
            "You cannot remove this method", "Blocked", "Phone", "Enter the code", "You're all set",
            "Get the Tweestap Authenticator app");

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
        // A Dutch employee's browser; the English walk chooses English with the page's own switch.
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
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    @Test
    void aDutchEmployeeManagesTheirMethodsWithTheKeyboard() {
        walkEveryAction(DUTCH, false);
    }

    @Test
    void anEnglishSpeakerSwitchesLanguageAndManagesTheirMethodsWithTheKeyboard() {
        walkEveryAction(ENGLISH, true);
    }

    private static void walkEveryAction(Texts texts, boolean switchToEnglish) {
        String user = MethodsPageCalls.newUser();
        String old = MethodsPageCalls.device("acme", user, "Noor's old phone", 30);
        String tablet = MethodsPageCalls.device("acme", user, "Tablet", 5);
        String phone = MethodsPageCalls.phone("acme", user, "+31 6 ****1111");
        browser.get(MethodsPageCalls.link("acme", user, null));
        if (switchToEnglish) {
            awaitTitle(DUTCH.title());
            pressOn(By.id("switch-language"));
        }
        awaitTitle(texts.title());
        assertThat(browser.getCurrentUrl()).doesNotContain("link=");
        assertThat(text("#method-title-" + old)).contains("Noor's old phone");
        AccessibilityAudit.assertAccessible(browser, "methods, " + texts.title());

        WebElement name = tabTo(By.id("name-" + tablet));
        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Work phone", Keys.ENTER);
        awaitNotice(texts.renamed());
        assertThat(text("#method-title-" + tablet)).contains("Work phone");
        AccessibilityAudit.assertAccessible(browser, "methods, renamed");

        pressOn(By.id("default-" + tablet));
        awaitNotice(texts.isDefault());
        assertThat(text("#method-" + tablet)).contains(texts.isDefault().contains("standaard") ? "Standaardmethode"
                : "Default method");

        pressOn(By.id("lost-" + old));
        awaitNotice(texts.lost());
        assertThat(text("#method-" + old)).contains(texts.blocked());
        assertThat(browser.findElements(By.id("lost-" + old))).isEmpty();
        AccessibilityAudit.assertAccessible(browser, "methods, lost phone blocked");

        pressOn(By.id("remove-" + phone));
        awaitError(texts.lastMethod());
        AccessibilityAudit.assertAccessible(browser, "methods, last phone refused");

        pressOn(By.id("remove-" + old));
        awaitNotice(texts.removed());
        assertThat(browser.findElements(By.id("method-" + old))).isEmpty();

        // Changing the number is the wizard's phone step; "Done" comes back here, the old number gone.
        pressOn(By.id("change-phone-" + phone));
        awaitH2(texts.phoneStep());
        tabTo(By.id("number")).sendKeys("0612345678", Keys.ENTER);
        awaitH2(texts.codeStep());
        tabTo(By.id("code")).sendKeys(ServiceStandIns.GOOD_CODE, Keys.ENTER);
        awaitH2(texts.doneStep());
        pressOn(By.id("finish"));
        awaitTitle(texts.title());
        assertThat(text("#main")).contains(ServiceStandIns.MASKED).doesNotContain("****1111");
        AccessibilityAudit.assertAccessible(browser, "methods, number changed");

        pressOn(By.id("add-authenticator"));
        awaitH2(texts.appStep());
        assertThat(browser.getCurrentUrl()).endsWith("/setup/app");
        assertThat(text("#account-id")).isEqualTo(user);
    }

    /**
     * A move to a new phone (issue 16 item 2, decision 0094) with the keyboard and the audit on each of its
     * pages: started on the methods page in Dutch, the new phone activated from the wizard's QR step, the
     * number to type on the old phone, the old phone's approval, and the outcome switched to English.
     */
    @Test
    void aMoveToANewPhoneIsWalkedWithTheKeyboardInDutchAndEnglish() {
        String user = MethodsPageCalls.newUser();
        String old = MethodsPageCalls.device("acme", user, "Noor's old phone", 30);
        browser.get(MethodsPageCalls.link("acme", user, null));
        awaitTitle(DUTCH.title());
        pressOn(By.id("move-" + old));
        awaitH2(DUTCH.appStep());
        browser.get(browser.getCurrentUrl().replace("/setup/app", "/setup/qr"));
        // In the "can't scan?" details, closed: read its text, not what is on screen.
        String code = browser.findElement(By.id("activation-code")).getAttribute("textContent");
        MoveCalls.newPhoneActivatesWith(code);
        // The QR page moves on by itself once the phone is in: the wizard hands over to the move.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/setup/methods/move"));
        awaitTitle("Naar een nieuwe telefoon verhuizen");
        assertThat(text("#move-state")).contains("Stap 2 van 2");
        assertThat(text("#move-number")).matches("[0-9]+");
        assertThat(text("#move-old")).isEqualTo("Noor's old phone");
        AccessibilityAudit.assertAccessible(browser, "move, waiting for the old phone (nl)");

        String challenge = Journey.sqlText("SELECT challenge_id FROM device_move WHERE user_id = '" + user + "'");
        try (io.tweestap.testkit.EventPublisher publisher = new io.tweestap.testkit.EventPublisher()) {
            publisher.publish(new io.tweestap.events.challenge.ChallengeApproved("acme", user, java.time.Instant.now(),
                    challenge, "ENROLLMENT_TEST", old), java.util.UUID.randomUUID().toString(), challenge);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "COMPLETED".equals(
                Journey.sqlText("SELECT status FROM device_move WHERE user_id = '" + user + "'")));
        pressOn(By.id("move-check"));
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("move-state"), "Klaar."));
        AccessibilityAudit.assertAccessible(browser, "move, completed (nl)");
        pressOn(By.id("switch-language"));
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("move-state"), "Your new phone is now your authenticator"));
        AccessibilityAudit.assertAccessible(browser, "move, completed (en)");
        pressOn(By.id("move-back"));
        awaitTitle(ENGLISH.title());
        assertThat(browser.findElements(By.id("method-" + old))).isEmpty();
        assertThat(text("#main")).contains("New phone");
    }

    /** Tabs to the control and presses Enter on it, as a keyboard user would. */
    private static void pressOn(By target) {
        tabTo(target);
        new Actions(browser).sendKeys(Keys.ENTER).perform();
    }

    /** Presses Tab until {@code target} has the focus. */
    private static WebElement tabTo(By target) {
        WebElement wanted = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(target));
        for (int presses = 0; presses < 60; presses++) {
            if (wanted.equals(browser.switchTo().activeElement())) {
                return wanted;
            }
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached " + target + " on " + browser.getCurrentUrl());
    }

    private static void awaitTitle(String title) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBe(By.tagName("h1"), title));
    }

    private static void awaitH2(String heading) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBe(By.tagName("h2"), heading));
    }

    private static void awaitNotice(String notice) {
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(text("#notice")).contains(notice);
    }

    private static void awaitError(String message) {
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(text("#error")).contains(message);
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
