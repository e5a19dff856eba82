package io.tweestap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.Command;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.Event;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The person's phone running the Tweestap Authenticator web app: its own headless Chromium with its
 * own profile (so its own IndexedDB, service worker and caches), phone-sized, driven by keyboard.
 * Screens are found by {@code data-screen}, never by wording. The browser's performance log keeps
 * every request the app sent, so a test can see exactly what left the phone.
 */
final class WebAppPhone implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver browser;
    private final Path profile;
    private final List<JsonNode> requestsSent = new ArrayList<>();
    private final List<JsonNode> answersGot = new ArrayList<>();

    WebAppPhone(String language) throws IOException {
        System.setProperty("SE_OFFLINE", "true");
        profile = Files.createTempDirectory("tweestap-e2e-phone-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("tweestap.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=412,915", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages",
                "nl".equals(language) ? "nl-NL,nl" : "en-GB,en"));
        options.setCapability("goog:loggingPrefs", Map.of("performance", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("tweestap.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    ChromeDriver browser() {
        return browser;
    }

    /** What the camera app does with the QR code's URL: opens it in the browser. */
    void open(String url) {
        browser.get(url);
    }

    String screen() {
        return read("var main = document.getElementById('main');"
                + " return main ? (main.getAttribute('data-screen') || '') : '';");
    }

    void awaitScreen(String screen) {
        try {
            new WebDriverWait(browser, PATIENCE).until(driver -> screen.equals(screen()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new IllegalStateException("the app did not show '" + screen + "'; it shows '" + screen() + "' ("
                    + browser.getCurrentUrl() + "): " + text("#error") + " / " + text("#status"), e);
        }
    }

    /**
     * After an activation: the accounts screen naming the account, or, on a quick machine, already
     * the setup's test notification, which the wizard sends the moment it sees the device; the
     * status line names the account then.
     */
    void awaitAccountAdded(String label) {
        try {
            new WebDriverWait(browser, PATIENCE).until(driver -> showsAccount(label));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new IllegalStateException("the app did not show the account " + label + "; it shows '" + screen()
                    + "' (" + browser.getCurrentUrl() + ") with accounts " + accountsShown() + ": " + text("#error")
                    + " / " + text("#status"), e);
        }
    }

    private boolean showsAccount(String label) {
        return switch (screen()) {
            case "accounts" -> accountsShown().equals(List.of(label));
            case "request" -> text("#status").contains(label);
            default -> false;
        };
    }

    /** The element's text, or "" while the app re-renders it or the page reloads. */
    String text(String css) {
        return read("var found = document.querySelector(arguments[0]); return found ? found.innerText : '';", css);
    }

    /**
     * Reads the page in one script, which sees one document: the app re-renders by itself, so an element
     * found in one call can be gone by the next, and a page being replaced answers empty until it is back.
     */
    private String read(String script, Object... arguments) {
        try {
            Object value = browser.executeScript(script, arguments);
            return value == null ? "" : value.toString();
        } catch (org.openqa.selenium.WebDriverException reloading) {
            return "";
        }
    }

    String attribute(String css, String name) {
        return browser.findElement(By.cssSelector(css)).getAttribute(name);
    }

    String language() {
        return read("return document.documentElement.lang;");
    }

    List<String> accountsShown() {
        // Read in one script: the app re-renders the list as the account's state changes, and an element
        // found in one call may be gone by the next.
        @SuppressWarnings("unchecked")
        List<Object> labels = (List<Object>) browser.executeScript(
                "return [...document.querySelectorAll('#accounts li strong')].map(e => e.textContent.trim())");
        return labels.stream().map(String::valueOf).toList();
    }

    void press(String id) {
        browser.findElement(By.id(id)).sendKeys(Keys.ENTER);
    }

    /** "Enter a code": the person types what the setup page shows under "Can't scan the image?". */
    void typeActivationCode(String code) {
        // From the accounts screen "Enter a code" opens the form; after a refused code the form is still open.
        if (!"add".equals(screen())) {
            awaitScreen("accounts");
            press("add-account");
            awaitScreen("add");
        }
        WebElement field = browser.findElement(By.id("code"));
        field.clear();
        field.sendKeys(code);
        press("activate");
    }

    /** Waits for the approval screen of a request of this purpose (SIGN_IN or ENROLLMENT_TEST). */
    void awaitRequest(String purpose) {
        new WebDriverWait(browser, PATIENCE).until(driver -> "request".equals(screen())
                && purpose.equals(attribute("#screen-request", "data-purpose")));
    }

    /** Types the number and presses Enter in the field (the form's Approve); the result screen's outcome. */
    String approveWith(String number) {
        WebElement field = browser.findElement(By.id("typed-number"));
        field.clear();
        field.sendKeys(number, Keys.ENTER);
        return awaitOutcome();
    }

    String deny() {
        press("deny");
        return awaitOutcome();
    }

    private String awaitOutcome() {
        awaitScreen("result");
        return attribute("#screen-result", "data-outcome");
    }

    /** Runs a script that ends by calling the callback (Selenium's async scripts) in the app's page. */
    Object inPage(String script) {
        return ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];" + script);
    }

    /** The requests (url, method, headers, postData) the app sent to URLs ending with this path, from the browser's log. */
    List<JsonNode> requestsSentTo(String pathEnd) throws IOException {
        readNetworkLog();
        return requestsSent.stream().filter(request -> request.path("url").asText().endsWith(pathEnd)).toList();
    }

    /** The HTTP statuses of the answers the app got from URLs ending with this path, in order. */
    List<Integer> answersFrom(String pathEnd) throws IOException {
        readNetworkLog();
        return answersGot.stream().filter(response -> response.path("url").asText().endsWith(pathEnd))
                .map(response -> response.path("status").asInt()).toList();
    }

    /** Reading the log empties it, so what it held is kept here. */
    private void readNetworkLog() throws IOException {
        for (LogEntry entry : browser.manage().logs().get("performance")) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            switch (message.path("method").asText()) {
                case "Network.requestWillBeSent" -> requestsSent.add(message.path("params").path("request"));
                case "Network.responseReceived" -> answersGot.add(message.path("params").path("response"));
                default -> { }
            }
        }
    }

    /** The JSON bodies of the requests the app sent to URLs ending with this path. */
    List<JsonNode> bodiesSentTo(String pathEnd) throws IOException {
        List<JsonNode> bodies = new ArrayList<>();
        for (JsonNode request : requestsSentTo(pathEnd)) {
            if (request.hasNonNull("postData")) {
                bodies.add(JSON.readTree(request.get("postData").asText()));
            }
        }
        return bodies;
    }

    /** The browser's network switched off or on, as airplane mode would (Chromium's DevTools protocol). */
    void network(boolean online) {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", !online, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** The person allows notifications when the app asks (Chromium's DevTools protocol grants the permission). */
    void allowNotifications(String origin) {
        browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin, "permissions", List.of("notifications")));
    }

    /**
     * This browser's push service is the given stand-in: from the next page load, {@code PushManager} hands
     * the app this subscription, as Chromium would hand it one at Google's push service (which a test
     * machine cannot reach). Everything the app does with it (the signed registration with each device)
     * is its own code.
     */
    void usePushService(String subscriptionJson) {
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                if (self.PushManager) {
                  const json = %s;
                  let current = null;
                  PushManager.prototype.getSubscription = async function () { return current; };
                  PushManager.prototype.subscribe = async function (options) {
                    current = { endpoint: json.endpoint, options: { applicationServerKey: options.applicationServerKey },
                      toJSON: () => json, unsubscribe: async () => { current = null; return true; } };
                    return current;
                  };
                }
                """.formatted(subscriptionJson)));
    }

    /** The app closed: its window goes to a blank page, so no page of the app runs and its stream is shut. */
    void closeApp() {
        browser.get("about:blank");
        new WebDriverWait(browser, PATIENCE).until(driver -> "about:blank".equals(driver.getCurrentUrl()));
    }

    /**
     * A push message as the browser's push service hands it over, delivered to the service worker of
     * this scope (DevTools' ServiceWorker.deliverPushMessage, the "Push" button of DevTools' Application panel).
     */
    void deliverPush(String origin, String scope, String data) {
        DevTools tools = browser.getDevTools();
        tools.createSessionIfThereIsNotOne();
        Map<String, String> registrations = new ConcurrentHashMap<>();
        tools.addListener(new Event<Map<String, Object>>("ServiceWorker.workerRegistrationUpdated",
                input -> input.read(Json.MAP_TYPE)), params -> {
                    for (Object registration : (List<?>) params.get("registrations")) {
                        Map<?, ?> fields = (Map<?, ?>) registration;
                        if (!Boolean.TRUE.equals(fields.get("isDeleted"))) {
                            registrations.put(String.valueOf(fields.get("scopeURL")), String.valueOf(fields.get("registrationId")));
                        }
                    }
                });
        tools.send(new Command<Void>("ServiceWorker.enable", Map.of()));
        String registrationId = new WebDriverWait(browser, PATIENCE).until(driver -> registrations.get(scope));
        tools.send(new Command<Void>("ServiceWorker.deliverPushMessage",
                Map.of("origin", origin, "registrationId", registrationId, "data", data)));
    }

    /**
     * The notifications the app's service worker is showing, read from a page of the same origin outside
     * the app (so the app stays closed): title, body, tag and data of each.
     */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> notificationsShown(String pageOutsideTheApp, String scope) {
        if (!browser.getCurrentUrl().equals(pageOutsideTheApp)) {
            browser.get(pageOutsideTheApp);
        }
        return (List<Map<String, Object>>) inPage("""
                navigator.serviceWorker.getRegistration(%s)
                  .then((registration) => registration ? registration.getNotifications() : [])
                  .then((shown) => done(shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data }))))
                  .catch((e) => done([{ error: String(e) }]));
                """.formatted(JSON.valueToTree(scope).toString()));
    }

    @Override
    public void close() throws IOException {
        browser.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
