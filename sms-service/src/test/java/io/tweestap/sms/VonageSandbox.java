package io.tweestap.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the SDK "sent" to the sandbox, read from WireMock's request journal, as the demo's phone reads it. */
final class VonageSandbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern CODE = Pattern.compile("(\\d{6,8})");
    private static final Pattern SPOKEN_CODE = Pattern.compile("(\\d, ){5,7}\\d");

    /** One SMS submission: the form fields the SDK posted to /sms/json. */
    record Sms(Map<String, String> form) {

        String to() {
            return form.get("to");
        }

        String text() {
            return form.get("text");
        }

        String code() {
            Matcher matcher = CODE.matcher(text());
            if (!matcher.find()) {
                throw new AssertionError("no code in the SMS text");
            }
            return matcher.group(1);
        }
    }

    /** One call request: the JSON body the SDK posted to /v1/calls, its Authorization header and the uuid it got. */
    record VoiceCall(JsonNode body, String authorization, String uuid) {

        String to() {
            return body.path("to").path(0).path("number").asText();
        }

        JsonNode talk() {
            return body.path("ncco").path(0);
        }

        String code() {
            Matcher matcher = SPOKEN_CODE.matcher(talk().path("text").asText());
            if (!matcher.find()) {
                throw new AssertionError("no code in the spoken text");
            }
            return matcher.group().replace(", ", "");
        }
    }

    private VonageSandbox() {
    }

    static List<Sms> smsTo(String msisdn) {
        List<Sms> found = new ArrayList<>();
        for (JsonNode request : requests("/sms/json")) {
            Map<String, String> form = form(body(request));
            if (msisdn.equals(form.get("to"))) {
                found.add(new Sms(form));
            }
        }
        Collections.reverse(found);
        return found;
    }

    static List<VoiceCall> callsTo(String msisdn) {
        List<VoiceCall> found = new ArrayList<>();
        for (JsonNode entry : entries("/v1/calls")) {
            JsonNode request = entry.path("request");
            try {
                JsonNode body = JSON.readTree(body(request));
                String answer = entry.path("response").path("body").asText();
                VoiceCall call = new VoiceCall(body, request.path("headers").path("Authorization").asText(),
                        answer.isEmpty() ? null : JSON.readTree(answer).path("uuid").asText(null));
                if (msisdn.equals(call.to())) {
                    found.add(call);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        Collections.reverse(found);
        return found;
    }

    /** The newest code sent by SMS to each number, read from the journal once (for many numbers at a time). */
    static Map<String, String> newestSmsCodes() {
        Map<String, String> newest = new LinkedHashMap<>();
        for (JsonNode request : requests("/sms/json")) {
            Sms sms = new Sms(form(body(request)));
            // the journal is newest first: the first text to a number is its newest
            newest.putIfAbsent(sms.to(), sms.code());
        }
        return newest;
    }

    /** Every code the sandbox was asked to deliver, by SMS or by voice. */
    static List<String> allCodes() {
        List<String> codes = new ArrayList<>();
        for (JsonNode request : requests("/sms/json")) {
            Matcher matcher = CODE.matcher(String.valueOf(form(body(request)).get("text")));
            if (matcher.find()) {
                codes.add(matcher.group(1));
            }
        }
        for (JsonNode request : requests("/v1/calls")) {
            try {
                codes.add(new VoiceCall(JSON.readTree(body(request)), null, null).code());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return codes;
    }

    /** Requests to one path, newest first (WireMock's order). */
    private static List<JsonNode> requests(String url) {
        return entries(url).stream().map(entry -> entry.path("request")).toList();
    }

    /** Journal entries (request and response) for one path, newest first. */
    private static List<JsonNode> entries(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(System.getProperty(VonageSandboxResource.URL_PROPERTY) + "/__admin/requests")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(response.body()).path("requests")) {
                if (url.equals(entry.path("request").path("url").asText())) {
                    found.add(entry);
                }
            }
            return found;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String body(JsonNode request) {
        return new String(Base64.getDecoder().decode(request.path("bodyAsBase64").asText()), StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
