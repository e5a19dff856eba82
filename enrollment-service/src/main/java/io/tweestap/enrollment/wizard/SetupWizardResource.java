package io.tweestap.enrollment.wizard;

import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.domain.Device;
import io.tweestap.enrollment.domain.SecretToken;
import io.tweestap.enrollment.domain.WizardSession;
import io.tweestap.enrollment.service.DeviceActivation;
import io.tweestap.enrollment.service.EnrollmentService;
import io.tweestap.enrollment.service.PhoneVerifications;
import io.tweestap.enrollment.service.SetupError;
import io.tweestap.enrollment.service.SetupFailure;
import io.tweestap.enrollment.service.TestNotifications;
import io.tweestap.enrollment.service.UserMethods;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The setup wizard the user's browser walks through, in Dutch or English: the seed guide's
 * journey from "more information required" to done. Server-rendered; a little script only polls
 * {@code /setup/status} so pages move on by themselves, and every step also works without it.
 * Every page names the account being set up; the platform's pages that came with the link
 * (decision 0039) are the first page's "Use a different account" and the last page's "Done".
 */
@Path("/setup")
@PermitAll
// Form parameters would otherwise move handlers to worker threads, where Hibernate Reactive cannot run.
@NonBlocking
@Tag(name = "Setup wizard (browser)")
public class SetupWizardResource {

    static final String SESSION_COOKIE = WizardCookies.SESSION;
    static final String LANGUAGE_COOKIE = WizardCookies.LANGUAGE;

    @Inject
    WizardPages pages;

    @Inject
    EnrollmentService enrollments;

    @Inject
    DeviceActivation activation;

    @Inject
    TestNotifications testNotifications;

    @Inject
    PhoneVerifications phones;

    @Inject
    UserMethods methods;

    @Inject
    EnrollmentSettings settings;

    @Inject
    WizardCookies cookies;

    /** One line of the "your methods" list on the last page. */
    @TemplateData
    public record MethodLine(boolean phone, String label) {
    }

    /** What every request of the wizard carries: the session cookie and the language choices. */
    public record Visit(String sessionToken, String langChoice, String langCookie, String acceptLanguage) {

        WizardLanguage language() {
            return WizardLanguage.resolve(langChoice, langCookie, acceptLanguage);
        }
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Opens the wizard with a single-use link (?link=...), or shows its first step")
    public Uni<Response> start(@QueryParam("link") String link, @CookieParam(SESSION_COOKIE) String token,
            @QueryParam("lang") String lang, @CookieParam(LANGUAGE_COOKIE) String langCookie,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Visit visit = new Visit(token, lang, langCookie, acceptLanguage);
        if (link == null) {
            return withSession(visit, session -> render(visit, session, "required", Map.of()));
        }
        return enrollments.openLink(link)
                .chain(opened -> render(new Visit(opened.token().value(), lang, langCookie, acceptLanguage),
                        opened.session(), "required", Map.of())
                        .map(response -> Response.fromResponse(response).cookie(cookies.session(opened.token())).build()))
                .onFailure(SetupFailure.class).recoverWithUni(failure -> {
                    // Opening the same link again in the same browser (a reload) just continues.
                    if (((SetupFailure) failure).error() == SetupError.LINK_USED && token != null) {
                        return enrollments.session(token).chain(session -> session == null
                                ? errorPage(visit, (SetupFailure) failure)
                                : withSession(visit, continued -> render(visit, continued, "required", Map.of())));
                    }
                    return errorPage(visit, (SetupFailure) failure);
                });
    }

    @GET
    @Path("/app")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> app(@CookieParam(SESSION_COOKIE) String token, @QueryParam("lang") String lang,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, lang, langCookie, accept);
        return withSession(visit, session -> render(visit, session, "app", Map.of()));
    }

    @GET
    @Path("/account")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> account(@CookieParam(SESSION_COOKIE) String token, @QueryParam("lang") String lang,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, lang, langCookie, accept);
        return withSession(visit, session -> render(visit, session, "account", Map.of()));
    }

    @GET
    @Path("/qr")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> qr(@CookieParam(SESSION_COOKIE) String token, @QueryParam("lang") String lang,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, lang, langCookie, accept);
        return withSession(visit, session -> activation.codeFor(session, new SecretToken(token))
                .chain(code -> render(visit, session, "qr", Map.of(
                        "activationCode", code.grouped(),
                        "serverUrl", settings.publicUrl().toString(),
                        "qrContent", QrCodeImage.content(code, settings.publicUrl())))));
    }

    @GET
    @Path("/qr.png")
    @Produces("image/png")
    public Uni<Response> qrImage(@CookieParam(SESSION_COOKIE) String token) {
        return enrollments.session(token).chain(session -> {
            if (session == null) {
                return Uni.createFrom().item(Response.status(Response.Status.UNAUTHORIZED).build());
            }
            if (session.endedAt != null) {
                return Uni.createFrom().item(Response.status(Response.Status.GONE).build());
            }
            return activation.codeFor(session, new SecretToken(token))
                    .map(code -> Response.ok(QrCodeImage.png(QrCodeImage.content(code, settings.publicUrl())), "image/png")
                            .build())
                    .onFailure(SetupFailure.class).recoverWithItem(() -> Response.status(Response.Status.GONE).build());
        });
    }

    /** Polled by the pages: has the device activated, was the test push approved, is the phone verified? */
    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> status(@CookieParam(SESSION_COOKIE) String token, @QueryParam("test") boolean test,
            @QueryParam("lang") String lang, @CookieParam(LANGUAGE_COOKIE) String langCookie,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        WizardLanguage language = WizardLanguage.resolve(lang, langCookie, accept);
        return enrollments.session(token).chain(session -> {
            if (session == null || session.endedAt != null) {
                SetupError error = session == null ? SetupError.SESSION_EXPIRED : SetupError.SETUP_ENDED;
                return Uni.createFrom().item(json(Map.of("error", error.name(), "message", language.explain(error, null))));
            }
            return activation.deviceOf(session).chain(device -> {
                Map<String, Object> status = new HashMap<>();
                status.put("device", device == null ? "NONE" : device.status.name());
                if (!test || device == null) {
                    return Uni.createFrom().item(json(status));
                }
                return testNotifications.progress(withDevice(session, device))
                        .map(progress -> {
                            status.put("test", progress.state().name());
                            return json(status);
                        })
                        .onFailure(SetupFailure.class).recoverWithItem(failure -> {
                            SetupFailure setup = (SetupFailure) failure;
                            status.put("test", "FAILED");
                            status.put("error", setup.error().name());
                            status.put("message", language.explain(setup.error(), setup.detail()));
                            return json(status);
                        });
            });
        });
    }

    @GET
    @Path("/test")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> test(@CookieParam(SESSION_COOKIE) String token, @QueryParam("lang") String lang,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, lang, langCookie, accept);
        return withSession(visit, session -> activation.deviceOf(session).chain(device -> {
            if (device == null) {
                return redirect("/setup/qr");
            }
            if (device.status == Device.Status.VERIFIED) {
                return render(visit, session, "test", Map.of("approved", true));
            }
            return testNotifications.send(withDevice(session, device))
                    .chain(progress -> render(visit, session, "test", Map.of("number", progress.numberToShow(),
                            "approved", false)))
                    .onFailure(SetupFailure.class).recoverWithUni(failure ->
                            render(visit, session, "test", Map.of("approved", false, "failed", true),
                                    (SetupFailure) failure));
        }));
    }

    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> sendAgain(@CookieParam(SESSION_COOKIE) String token, @FormParam("csrf") String csrf,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, null, langCookie, accept);
        return withForm(visit, csrf, session -> testNotifications.forget(session).chain(() -> redirect("/setup/test")));
    }

    @GET
    @Path("/phone")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> phone(@CookieParam(SESSION_COOKIE) String token, @QueryParam("lang") String lang,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, lang, langCookie, accept);
        return withSession(visit, session -> render(visit, session, "phone", phoneForm(visit, null, null, "SMS")));
    }

    @POST
    @Path("/phone")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> requestCode(@CookieParam(SESSION_COOKIE) String token, @FormParam("csrf") String csrf,
            @FormParam("region") String region, @FormParam("number") String number,
            @FormParam("channel") String channel, @CookieParam(LANGUAGE_COOKIE) String langCookie,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, null, langCookie, accept);
        String chosenChannel = "VOICE".equals(channel) ? "VOICE" : "SMS";
        return withForm(visit, csrf, session -> {
            if (!PhoneRegions.known(region)) {
                return render(visit, session, "phone", phoneForm(visit, region, number, chosenChannel),
                        new SetupFailure(SetupError.INVALID_NUMBER));
            }
            return phones.request(session, region, number, PhoneVerifications.Channel.valueOf(chosenChannel),
                            visit.language().code())
                    .chain(ignored -> redirect("/setup/code"))
                    .onFailure(SetupFailure.class).recoverWithUni(failure -> render(visit, session, "phone",
                            phoneForm(visit, region, number, chosenChannel), (SetupFailure) failure));
        });
    }

    @GET
    @Path("/code")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> code(@CookieParam(SESSION_COOKIE) String token, @QueryParam("lang") String lang,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, lang, langCookie, accept);
        return withSession(visit, session -> codePage(visit, session, Map.of(), null));
    }

    @POST
    @Path("/code")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> verifyCode(@CookieParam(SESSION_COOKIE) String token, @FormParam("csrf") String csrf,
            @FormParam("code") String code, @CookieParam(LANGUAGE_COOKIE) String langCookie,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, null, langCookie, accept);
        return withForm(visit, csrf, session -> phones.check(session, code)
                .chain(() -> redirect("/setup/done"))
                .onFailure(SetupFailure.class).recoverWithUni(failure ->
                        codePage(visit, session, Map.of(), (SetupFailure) failure)));
    }

    @POST
    @Path("/code/resend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> resend(@CookieParam(SESSION_COOKIE) String token, @FormParam("csrf") String csrf,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, null, langCookie, accept);
        return withForm(visit, csrf, session -> phones.resend(session)
                .chain(() -> codePage(visit, session, Map.of("resent", true), null))
                .onFailure(SetupFailure.class).recoverWithUni(failure ->
                        codePage(visit, session, Map.of(), (SetupFailure) failure)));
    }

    @GET
    @Path("/done")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> done(@CookieParam(SESSION_COOKIE) String token, @QueryParam("lang") String lang,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        Visit visit = new Visit(token, lang, langCookie, accept);
        return withSession(visit, session -> methods.list(session.tenantId, session.userId)
                .chain(list -> render(visit, session, "done", Map.of("methods", list.stream()
                        .map(method -> new MethodLine(method.kind() == UserMethods.Kind.PHONE, method.label()))
                        .toList()))));
    }

    private Uni<Response> codePage(Visit visit, WizardSession session, Map<String, Object> extra, SetupFailure failure) {
        return phones.ofSession(session).chain(phone -> {
                    if (phone == null) {
                        return redirect("/setup/phone");
                    }
                    WizardMessages msg = visit.language().messages();
                    Map<String, Object> data = new HashMap<>(extra);
                    // An expired or locked code cannot be typed any more; only a new one helps.
                    data.put("codeSpent", failure != null && (failure.error() == SetupError.CODE_EXPIRED
                            || failure.error() == SetupError.CODE_LOCKED));
                    data.put("sentTo", "VOICE".equals(phone.channel) ? msg.codeSentVoice(phone.maskedNumber)
                            : msg.codeSentSms(phone.maskedNumber));
                    return render(visit, session, "code", data, failure);
                });
    }

    private Map<String, Object> phoneForm(Visit visit, String region, String number, String channel) {
        WizardLanguage language = visit.language();
        Map<String, Object> data = new HashMap<>();
        data.put("regions", PhoneRegions.all(language.locale(), region != null ? region : language.region()));
        data.put("number", number == null ? "" : number);
        data.put("voice", "VOICE".equals(channel));
        return data;
    }

    private static WizardSession withDevice(WizardSession session, Device device) {
        session.deviceId = device.id;
        return session;
    }

    private Uni<Response> withSession(Visit visit, Function<WizardSession, Uni<Response>> step) {
        return enrollments.session(visit.sessionToken()).chain(session -> {
            if (session == null) {
                return errorPage(visit, new SetupFailure(SetupError.SESSION_EXPIRED));
            }
            if (session.endedAt != null) {
                return errorPage(visit, new SetupFailure(SetupError.SETUP_ENDED));
            }
            // A reset can end the session while the step runs; what the step did not explain itself is a page, not a 500.
            return step.apply(session).onFailure(SetupFailure.class)
                    .recoverWithUni(failure -> errorPage(visit, (SetupFailure) failure));
        });
    }

    /** Forms carry a token derived from the session secret; a cross-site post cannot know it. */
    private Uni<Response> withForm(Visit visit, String csrf, Function<WizardSession, Uni<Response>> step) {
        return withSession(visit, session -> {
            String expected = csrfToken(visit.sessionToken());
            if (csrf == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    csrf.getBytes(StandardCharsets.UTF_8))) {
                return Uni.createFrom().item(Response.status(Response.Status.FORBIDDEN)
                        .type(MediaType.TEXT_PLAIN_TYPE).entity("Forbidden").build());
            }
            return step.apply(session);
        });
    }

    static String csrfToken(String sessionToken) {
        return SecretToken.hashOf("tweestap-csrf-v1:" + sessionToken);
    }

    private Uni<Response> render(Visit visit, WizardSession session, String step, Map<String, Object> data) {
        return pages.render(visit, session, step, data, null);
    }

    private Uni<Response> render(Visit visit, WizardSession session, String step, Map<String, Object> data,
            SetupFailure failure) {
        return pages.render(visit, session, step, data, failure);
    }

    private Uni<Response> errorPage(Visit visit, SetupFailure failure) {
        return pages.error(visit, failure);
    }

    private static Uni<Response> redirect(String path) {
        return Uni.createFrom().item(Response.seeOther(URI.create(path)).build());
    }

    private static Response json(Map<String, Object> body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

}
