package io.tweestap.e2e.scaleout;

import io.tweestap.authenticator.ActivationLink;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.authenticator.PushFrame;
import io.tweestap.authenticator.QrImage;
import io.tweestap.authenticator.SignInRequest;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.SandboxPhone;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Links an authenticator to a user through the setup wizard's own pages, read over plain HTTP
 * instead of a browser, as far as the approved test push: the user's device is then verified and
 * can sign in. Many users are enrolled this way for a load in seconds; the browser walk of the
 * whole journey stays with the seed-guide test.
 */
public final class WizardOverHttp {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Short, and the first look at once: the load benchmark counts enrolments per second, and waits of ours would be counted in. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long a phone with an open stream waits for the test push's frame before it looks in its pending list. */
    private static final Duration FRAME_PATIENCE = Duration.ofSeconds(5);
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern TEST_NUMBER = Pattern.compile("id=\"number\">\\s*(\\d+)\\s*<");

    private final PlatformCalls platform;
    private final Authenticator authenticator;
    private final AtomicInteger testPushesFromStream = new AtomicInteger();

    public WizardOverHttp(PlatformCalls platform, Authenticator authenticator) {
        this.platform = platform;
        this.authenticator = authenticator;
    }

    /** Opens a fresh enrolment link, scans the QR, activates and approves the test push. */
    public LinkedAccount linkDevice(String userId, String deviceName) throws IOException, InterruptedException {
        return enrol(userId, deviceName, null);
    }

    /** The same with a link the platform already has for the user (one of a batch's). */
    public LinkedAccount linkDevice(String userId, String deviceName, URI link) throws IOException, InterruptedException {
        return walk(link, userId, deviceName, null);
    }

    /**
     * The same, then the phone step: a Dutch mobile number ({@code 06…}, its sandbox inbox at
     * {@code msisdn} {@code 316…}), the code by SMS typed in, as far as the done page.
     */
    LinkedAccount linkDeviceAndPhone(String userId, String deviceName, String nationalNumber, SandboxPhone inbox)
            throws IOException, InterruptedException {
        return enrol(userId, deviceName, new Phone(nationalNumber, inbox));
    }

    private record Phone(String nationalNumber, SandboxPhone inbox) {
    }

    private LinkedAccount enrol(String userId, String deviceName, Phone phone) throws IOException, InterruptedException {
        String link = platform.startEnrollment(userId).expect(201).body().path("link").path("url").asText();
        return walk(URI.create(link), userId, deviceName, phone);
    }

    private LinkedAccount walk(URI opened, String userId, String deviceName, Phone phone) throws IOException, InterruptedException {
        return confirm(scan(opened, userId, deviceName), phone);
    }

    /**
     * A wizard walked as far as the scanned QR: the authenticator activated with the code in it,
     * the test push not yet approved (the wizard's browser session kept for the rest).
     */
    public record Scanned(HttpClient browser, URI opened, String userId, LinkedAccount account) {
    }

    /** The wizard opened at the link, its QR code read and the authenticator activated with it. */
    public Scanned scan(URI opened, String userId, String deviceName) throws IOException, InterruptedException {
        // The wizard session lives in its cookie; every page below goes through whatever instance the balancer picks.
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        page(browser, opened);
        page(browser, opened.resolve("/setup/qr"));
        byte[] qr = browser.send(get(opened.resolve("/setup/qr.png")), HttpResponse.BodyHandlers.ofByteArray()).body();
        return new Scanned(browser, opened, userId, authenticator.activate(ActivationLink.parse(QrImage.read(qr)), deviceName));
    }

    /** How many test pushes were answered from a frame on the phone's open stream (not from its pending list). */
    public int testPushesFromStream() {
        return testPushesFromStream.get();
    }

    /**
     * The rest of a scanned wizard, on a phone whose push stream is open as the app's is once it is
     * linked: the test push approved with the page's number, until the device is verified. The test push
     * is answered from its frame; only when none came within {@link #FRAME_PATIENCE} (the stream was
     * still connecting) does the phone look for it in its pending list, as the app does when opened.
     */
    public LinkedAccount approveTestPush(Scanned scanned, LoadPhone listening) throws IOException, InterruptedException {
        return confirm(scanned, null, listening);
    }

    private LinkedAccount confirm(Scanned scanned, Phone phone) throws IOException, InterruptedException {
        return confirm(scanned, phone, null);
    }

    private SignInRequest testPush(LinkedAccount account, LoadPhone listening) throws InterruptedException {
        if (listening != null) {
            PushFrame frame = listening.awaitPush(f -> f.request().filter(SignInRequest::isEnrollmentTest).isPresent(),
                    FRAME_PATIENCE);
            if (frame != null) {
                testPushesFromStream.incrementAndGet();
                return frame.request().orElseThrow();
            }
        }
        return Awaitility.await(account.userId() + " test push on the phone").atMost(PATIENCE)
                .pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> authenticator.pending(account).stream().filter(SignInRequest::isEnrollmentTest).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private LinkedAccount confirm(Scanned scanned, Phone phone, LoadPhone listening) throws IOException, InterruptedException {
        HttpClient browser = scanned.browser();
        URI opened = scanned.opened();
        String userId = scanned.userId();
        LinkedAccount account = scanned.account();
        String testPage = Awaitility.await(userId + " test page with a number").atMost(PATIENCE)
                .pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> testPage(browser, opened), html -> TEST_NUMBER.matcher(html).find());
        Matcher number = TEST_NUMBER.matcher(testPage);
        number.find();
        SignInRequest test = testPush(account, listening);
        String status = authenticator.approve(account, test, number.group(1)).status();
        if (!"APPROVED".equals(status)) {
            throw new IllegalStateException(userId + ": the test push was answered " + status);
        }
        // The page sees the approval from ChallengeApproved; the device is verified once enrollment-service applied it.
        Awaitility.await(userId + " device verified").atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> page(browser, opened.resolve("/setup/status?test=true")), json -> json.contains("\"VERIFIED\""));
        if (phone != null) {
            List<SandboxPhone.TextMessage> before = phone.inbox().messages();
            String form = page(browser, opened.resolve("/setup/phone"));
            String codePage = post(browser, opened.resolve("/setup/phone"), "csrf=" + csrf(form)
                    + "&region=NL&channel=SMS&number=" + phone.nationalNumber());
            String code = phone.inbox().awaitNewMessage(before, PATIENCE).code();
            String done = post(browser, opened.resolve("/setup/code"), "csrf=" + csrf(codePage) + "&code=" + code);
            if (!done.contains("id=\"done\"")) {
                throw new IllegalStateException(userId + ": the code did not reach the done page");
            }
        }
        return account;
    }

    /**
     * The test step; when it says the notification could not be sent (the device not known to
     * challenge-service yet, a service busy), pressing "Send a new notification" as a person would.
     */
    private static String testPage(HttpClient browser, URI opened) throws IOException, InterruptedException {
        String html = page(browser, opened.resolve("/setup/test"));
        if (html.contains("id=\"send-again\"") && !TEST_NUMBER.matcher(html).find()) {
            return post(browser, opened.resolve("/setup/test"), "csrf=" + csrf(html));
        }
        return html;
    }

    private static String csrf(String html) {
        Matcher csrf = CSRF.matcher(html);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the page");
        }
        return csrf.group(1);
    }

    private static String post(HttpClient browser, URI uri, String form) throws IOException, InterruptedException {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri.getPath() + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static String page(HttpClient browser, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = browser.send(get(uri), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri.getPath() + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Accept-Language", "en").GET().build();
    }
}
