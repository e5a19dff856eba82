package io.tweestap.e2e.journey;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The person's browser on the setup wizard: headless Chromium driven by keyboard, as someone
 * who tabs and presses Enter would. Steps are found by the page's {@code data-step}, never by
 * wording, so the same walk works in Dutch and English.
 */
public final class SetupWizardBrowser implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver browser;
    private final Path profile;

    /** @param language the browser's first language ({@code nl} or {@code en}); the wizard follows it */
    public SetupWizardBrowser(String language) throws IOException {
        System.setProperty("SE_OFFLINE", "true");
        profile = Files.createTempDirectory("tweestap-e2e-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("tweestap.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1000,1400", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages",
                "nl".equals(language) ? "nl-NL,nl" : "en-GB,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("tweestap.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    public void open(String url) {
        browser.get(url);
    }

    /** Which wizard step is on screen: required, app, account, qr, test, phone, code, done. */
    public String step() {
        return read("var main = document.getElementById('main');"
                + " return main ? (main.getAttribute('data-step') || '') : '';");
    }

    public void awaitStep(String step) {
        try {
            new WebDriverWait(browser, PATIENCE).until(driver -> step.equals(step()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new IllegalStateException("the wizard did not reach step '" + step + "'; it shows step '" + step()
                    + "' (" + browser.getCurrentUrl() + "): " + text("h2") + " / " + text("#error"), e);
        }
    }

    public String heading() {
        return text("h2");
    }

    public String text(String css) {
        return read("var found = document.querySelector(arguments[0]); return found ? found.innerText : '';", css);
    }

    /**
     * Reads the page in one script, which sees one document. The page's own script moves on by itself
     * (QR scanned, push approved), so an element found in one call can be gone by the next; a read that
     * meets a page being replaced answers empty and the caller's wait asks again.
     */
    private String read(String script, Object... arguments) {
        try {
            Object value = browser.executeScript(script, arguments);
            return value == null ? "" : value.toString();
        } catch (org.openqa.selenium.WebDriverException navigating) {
            return "";
        }
    }

    public String language() {
        return read("return document.documentElement.lang;");
    }

    public String errorShown() {
        WebElement error = browser.findElement(By.id("error"));
        return error.isDisplayed() ? error.getText() : "";
    }

    public void next() {
        browser.findElement(By.id("next")).sendKeys(Keys.ENTER);
    }

    /** A picture of the QR code as it is on the screen, once the image has loaded. */
    public byte[] qrPicture() {
        WebElement image = new WebDriverWait(browser, PATIENCE).until(driver -> {
            WebElement qr = driver.findElement(By.id("qr"));
            Object width = browser.executeScript("return arguments[0].complete && arguments[0].naturalWidth", qr);
            return width instanceof Number n && n.intValue() > 0 ? qr : null;
        });
        return image.getScreenshotAs(OutputType.BYTES);
    }

    /** "Can't scan the image?" opened by keyboard: the activation code it shows, to type on the phone. */
    public String activationCodeShown() {
        awaitStep("qr");
        browser.findElement(By.cssSelector("#cant-scan summary")).sendKeys(Keys.ENTER);
        return new WebDriverWait(browser, PATIENCE)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("activation-code"))).getText();
    }

    /** The number the test-notification page asks the person to type on the phone. */
    public String awaitTestNumber() {
        awaitStep("test");
        return new WebDriverWait(browser, PATIENCE)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("number"))).getText();
    }

    /** Waits until the page has seen the phone's approval and offers to go on. */
    public String awaitApprovalSeen() {
        new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(By.id("next")));
        return text("#live");
    }

    public void choosePhone(String regionCode, String nationalNumber, boolean call) {
        awaitStep("phone");
        new Select(browser.findElement(By.id("region"))).selectByValue(regionCode);
        WebElement number = browser.findElement(By.id("number"));
        number.clear();
        number.sendKeys(nationalNumber);
        browser.findElement(By.id(call ? "channel-voice" : "channel-sms")).sendKeys(Keys.SPACE);
        next();
    }

    public String selectedRegion() {
        return new Select(browser.findElement(By.id("region"))).getFirstSelectedOption().getText();
    }

    public void enterCode(String code) {
        awaitStep("code");
        WebElement field = browser.findElement(By.id("code"));
        field.clear();
        field.sendKeys(code);
        browser.findElement(By.id("verify")).sendKeys(Keys.ENTER);
    }

    /** The methods the done page lists. */
    public List<String> methodsShown() {
        awaitStep("done");
        return browser.findElements(By.cssSelector("#methods li")).stream().map(WebElement::getText).toList();
    }

    /**
     * Seed step 13's "Done" ("Gereed"): followed by keyboard to the platform's page when the platform
     * gave one, and the address the browser lands on; without one, the page's own closing words.
     */
    public String finish() {
        awaitStep("done");
        List<WebElement> finish = browser.findElements(By.id("finish"));
        if (finish.isEmpty()) {
            return text("#close-page");
        }
        String target = finish.get(0).getAttribute("href");
        finish.get(0).sendKeys(Keys.ENTER);
        new WebDriverWait(browser, PATIENCE).until(driver -> target.equals(driver.getCurrentUrl()));
        return browser.getCurrentUrl();
    }

    /** Which methods page is on screen ({@code methods}, {@code move}; decision 0090 and 0094), by its {@code data-page}. */
    public String page() {
        return read("var main = document.getElementById('main');"
                + " return main ? (main.getAttribute('data-page') || '') : '';");
    }

    /** The state of the move the move page shows ({@code REQUESTED}, ..., {@code COMPLETED}), by its {@code data-move-state}. */
    public String moveState() {
        return read("var main = document.getElementById('main');"
                + " return main ? (main.getAttribute('data-move-state') || '') : '';");
    }

    public void awaitPage(String page) {
        new WebDriverWait(browser, PATIENCE).until(driver -> page.equals(page()));
    }

    /** Presses Enter on the control with this id, as a keyboard user would. */
    public void press(String id) {
        new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.presenceOfElementLocated(By.id(id)))
                .sendKeys(Keys.ENTER);
    }

    @Override
    public void close() throws IOException {
        browser.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
