package io.tweestap.e2e.journey;

import java.net.URI;

/** Where the running platform answers: the four services and the Vonage sandbox's request journal. */
public record TweestapEndpoints(URI enrollment, URI challenge, URI notification, URI sms, URI vonageSandbox) {

    /** {@code deploy/local/platform up --services}. */
    public static TweestapEndpoints localPlatform() {
        return new TweestapEndpoints(URI.create("http://localhost:8081"), URI.create("http://localhost:8082"),
                URI.create("http://localhost:8083"), URI.create("http://localhost:8084"), URI.create("http://127.0.0.1:8089"));
    }
}
