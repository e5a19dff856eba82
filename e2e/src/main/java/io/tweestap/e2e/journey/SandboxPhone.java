package io.tweestap.e2e.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tweestap.authenticator.FormFields;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The person's mobile phone, as far as SMS and calls go: it reads what sms-service sent through the
 * real Vonage SDK from the Vonage sandbox's request journal ({@code GET /__admin/requests}).
 */
public final class SandboxPhone {

    /** A text message as the phone shows it. */
    public record TextMessage(String from, String to, String text) {

        public String code() {
            Matcher matcher = Pattern.compile("\\b(\\d{6,8})\\b").matcher(text);
            if (!matcher.find()) {
                throw new IllegalStateException("no code of 6 to 8 digits in the message");
            }
            return matcher.group(1);
        }
    }

    /**
     * A "call me" call: what the text-to-speech voice reads out, and the HTTP status the sandbox answered
     * the request with (201 when placed; 401 when it came without the Vonage application's JWT).
     */
    public record Call(String to, String spokenText, int status) {

        /** Whether Vonage took the call: only then does the phone ring. */
        public boolean placed() {
            return status / 100 == 2;
        }

        /** The voice reads the digits one by one: "1, 2, 3, 4, 5, 6". */
        public String code() {
            Matcher matcher = Pattern.compile("(\\d, ){5}\\d").matcher(spokenText);
            if (!matcher.find()) {
                throw new IllegalStateException("no spoken code in the call");
            }
            return matcher.group().replace(", ", "");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI sandbox;
    private final String msisdn;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** @param msisdn the number as Vonage receives it, E.164 without the plus: {@code 31612345678} */
    public SandboxPhone(URI sandbox, String msisdn) {
        this.sandbox = sandbox;
        this.msisdn = msisdn;
    }

    /** The newest message to this number that is not one of {@code seen}, waiting up to {@code patience}. */
    public TextMessage awaitNewMessage(List<TextMessage> seen, Duration patience) {
        return newest(this::messages, seen.size(), patience, "a new SMS to the phone");
    }

    /** Every message to this number, oldest first. */
    public List<TextMessage> messages() {
        return everyMessage(sandbox).stream().filter(message -> msisdn.equals(message.to())).toList();
    }

    /** Every message the sandbox took, to any number, oldest first: one read for many phones. */
    public static List<TextMessage> everyMessage(URI sandbox) {
        List<TextMessage> found = new ArrayList<>();
        for (JsonNode entry : journal(sandbox)) {
            JsonNode request = entry.path("request");
            if (!"/sms/json".equals(request.path("url").asText())) {
                continue;
            }
            Map<String, String> form = FormFields.of(body(request));
            found.add(new TextMessage(form.get("from"), form.get("to"), form.get("text")));
        }
        // The journal lists newest first.
        java.util.Collections.reverse(found);
        return found;
    }

    /** Every call to this number, oldest first. */
    public List<Call> calls() {
        List<Call> found = new ArrayList<>();
        for (JsonNode entry : journal(sandbox)) {
            JsonNode request = entry.path("request");
            if (!"/v1/calls".equals(request.path("url").asText())) {
                continue;
            }
            try {
                JsonNode call = JSON.readTree(body(request));
                if (msisdn.equals(call.path("to").path(0).path("number").asText())) {
                    found.add(new Call(msisdn, call.path("ncco").path(0).path("text").asText(),
                            entry.path("response").path("status").asInt()));
                }
            } catch (IOException unreadable) {
                // not a call the SDK made
            }
        }
        java.util.Collections.reverse(found);
        return found;
    }

    /** The newest call not among {@code seen}, once the sandbox has answered it (a journal entry may come before its answer). */
    public Call awaitNewCall(List<Call> seen, Duration patience) {
        List<Call> all = Awaitility.await("a new call to the phone").atMost(patience).pollInterval(Duration.ofMillis(200))
                .until(this::calls, list -> list.size() > seen.size() && list.get(list.size() - 1).status() != 0);
        return all.get(all.size() - 1);
    }

    private static <T> T newest(Supplier<List<T>> received, int seen, Duration patience, String what) {
        List<T> all = Awaitility.await(what).atMost(patience).pollInterval(Duration.ofMillis(200))
                .until(received::get, list -> list.size() > seen);
        return all.get(all.size() - 1);
    }

    public Optional<TextMessage> latest() {
        List<TextMessage> all = messages();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static List<JsonNode> journal(URI sandbox) {
        IOException last = null;
        // A GET may be asked again: the client can pick a kept-alive connection the sandbox has just
        // closed for idleness, and then reads EOF (seen once in CI) although the sandbox is up.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(sandbox.resolve("/__admin/requests")).build(),
                        HttpResponse.BodyHandlers.ofString());
                List<JsonNode> entries = new ArrayList<>();
                JSON.readTree(response.body()).path("requests").forEach(entries::add);
                return entries;
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("The Vonage sandbox did not answer at " + sandbox, last);
    }

    private static String body(JsonNode request) {
        if (request.hasNonNull("body")) {
            return request.get("body").asText();
        }
        return new String(java.util.Base64.getDecoder().decode(request.path("bodyAsBase64").asText("")), StandardCharsets.UTF_8);
    }
}
