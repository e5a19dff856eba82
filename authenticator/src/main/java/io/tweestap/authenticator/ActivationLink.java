package io.tweestap.authenticator;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the QR code on the setup page says: the one-time activation code and where to spend it.
 * The page shows the same two things as text for people who cannot scan, so both forms parse here.
 */
public record ActivationLink(String activationCode, URI enrollmentUrl) {

    public static final String SCHEME = "tweestap";

    public ActivationLink {
        if (activationCode == null || activationCode.isBlank()) {
            throw new IllegalArgumentException("The activation code is missing");
        }
        if (enrollmentUrl == null || !("http".equals(enrollmentUrl.getScheme()) || "https".equals(enrollmentUrl.getScheme()))) {
            throw new IllegalArgumentException("The activation URL must be an http(s) URL, was " + enrollmentUrl);
        }
    }

    /** The path of the web app's activation page under the enrollment service's public URL. */
    public static final String WEB_APP_PATH = "/app/activate";

    /**
     * Reads what the QR code says: the web app's address {@code <public URL>/app/activate#<code>}
     * (what the wizard shows since the web app, decision 0077), or the older
     * {@code tweestap://activate?code=…&url=…} of enrollment services from before it.
     */
    public static ActivationLink parse(String qrText) {
        URI uri;
        try {
            uri = URI.create(qrText.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a Tweestap activation link: " + qrText);
        }
        if ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) {
            return webApp(uri);
        }
        if (!SCHEME.equals(uri.getScheme()) || !"activate".equals(uri.getHost())) {
            throw new IllegalArgumentException("Not a Tweestap activation link (expected https://…/app/activate#<code>)");
        }
        Map<String, String> query = FormFields.of(uri.getRawQuery());
        String code = query.get("code");
        String url = query.get("url");
        if (code == null || url == null) {
            throw new IllegalArgumentException("The activation link lacks its code or URL");
        }
        return new ActivationLink(code, URI.create(url));
    }

    /** {@code <public URL>/app/activate#<code>}: the enrollment service is everything before the app's path. */
    private static ActivationLink webApp(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.endsWith(WEB_APP_PATH) || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Not a Tweestap activation link (expected https://…/app/activate#<code>)");
        }
        String code = uri.getRawFragment() == null ? "" : URLDecoder.decode(uri.getRawFragment(), StandardCharsets.UTF_8);
        if (code.isBlank()) {
            throw new IllegalArgumentException("The activation link lacks its code");
        }
        String base = path.substring(0, path.length() - WEB_APP_PATH.length());
        return new ActivationLink(code, URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + base));
    }

    /** For a person who typed the code and URL shown under the QR code. */
    public static ActivationLink typed(String code, String url) {
        return new ActivationLink(code.trim(), URI.create(url.trim()));
    }

    /** The code is a credential: it never appears whole in a log or an exception. */
    @Override
    public String toString() {
        String shown = activationCode.length() <= 4 ? "****" : activationCode.substring(0, 4) + "…";
        return "ActivationLink[code=" + shown + ", url=" + enrollmentUrl + "]";
    }
}
