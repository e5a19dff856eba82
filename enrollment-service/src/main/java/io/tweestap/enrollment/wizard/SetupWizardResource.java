package io.tweestap.enrollment.wizard;

import io.smallrye.common.annotation.NonBlocking;
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
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The setup wizard the user's browser walks through, in Dutch or English: the seed guide's
 * journey from "more information required" to done. Server-rendered; a little script only polls
 * {@code /setup/status} ({@link WizardStatusResource}) so pages move on by themselves, and every
 * step also works without it.
 * Every page names the account being set up; the platform's pages that came with the link
 * (decision 0039) are the first page's "Use a different account" and the last page's "Done".
 */
@Path("/setup")
@PermitAll
// Form parameters would otherwise move handlers to worker threads, where Hibernate Reactive cannot run.
@NonBlocking
@Tag(name = "Setup wizard (browser)")
public class SetupWizardResource {

    @Inject
    NativeAppLinks nativeApps;

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
    WizardGate gate;

    @Inject
    WizardCookies cookies;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Opens the wizard with a single-use link (?link=...), or shows its first step")
    public Uni<Response> start(@QueryParam("link") String link, @BeanParam WizardVisit visit) {
        if (link == null) {
            return gate.withSession(visit, session -> pages.render(visit, session, "required", Map.of()));
        }
        return enrollments.openLink(link)
                .chain(opened -> pages.render(visit.withSession(opened.token().value()), opened.session(), "required",
                                Map.of())
                        .map(response -> Response.fromResponse(response).cookie(cookies.session(opened.token())).build()))
                .onFailure(SetupFailure.class).recoverWithUni(failure -> {
                    // Opening the same link again in the same browser (a reload) just continues.
                    if (((SetupFailure) failure).error() == SetupError.LINK_USED && visit.sessionToken() != null) {
                        return enrollments.session(visit.sessionToken()).chain(session -> session == null
                                ? pages.error(visit, (SetupFailure) failure)
                                : gate.withSession(visit, continued -> pages.render(visit, continued, "required", Map.of())));
                    }
                    return pages.error(visit, (SetupFailure) failure);
                });
    }

    @GET
    @Path("/app")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> app(@BeanParam WizardVisit visit) {
        Map<String, Object> data = new java.util.HashMap<>(nativeApps.templateData());
        data.put("appUrl", QrCodeImage.appUrl(settings.publicUrl()));
        return gate.withSession(visit, session -> pages.render(visit, session, "app", data));
    }

    @GET
    @Path("/account")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> account(@BeanParam WizardVisit visit) {
        return gate.withSession(visit, session -> pages.render(visit, session, "account", Map.of()));
    }

    @GET
    @Path("/qr")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> qr(@BeanParam WizardVisit visit, @QueryParam("linked") String linked) {
        return gate.withSession(visit, session -> activation.currentCodeFor(session, new SecretToken(visit.sessionToken()))
                .chain(code -> pages.render(visit, session, "qr", Map.of(
                        "notLinked", "no".equals(linked),
                        "activationCode", code.grouped(),
                        "serverUrl", settings.publicUrl().toString(),
                        "appUrl", QrCodeImage.appUrl(settings.publicUrl()),
                        "qrContent", QrCodeImage.content(code, settings.publicUrl())))));
    }

    @GET
    @Path("/qr.png")
    @Produces("image/png")
    public Uni<Response> qrImage(@CookieParam(WizardCookies.SESSION) String token) {
        return enrollments.session(token).chain(session -> {
            if (session == null) {
                return Uni.createFrom().item(Response.status(Response.Status.UNAUTHORIZED).build());
            }
            if (session.endedAt != null) {
                return Uni.createFrom().item(Response.status(Response.Status.GONE).build());
            }
            return activation.currentCodeFor(session, new SecretToken(token))
                    .map(code -> Response.ok(QrCodeImage.png(QrCodeImage.content(code, settings.publicUrl())), "image/png")
                            .build())
                    .onFailure(SetupFailure.class).recoverWithItem(() -> Response.status(Response.Status.GONE).build());
        });
    }

    @GET
    @Path("/test")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> test(@BeanParam WizardVisit visit) {
        return gate.withSession(visit, session -> session.moveId != null ? redirect("/setup/methods/move")
                // A move's new phone is verified by its old device's approval (decision 0094), not by a test push.
                : activation.deviceOf(session).chain(device -> {
            if (device == null) {
                // "Next" before the phone is linked: back to the QR code, saying why (not a silent reload).
                return redirect("/setup/qr?linked=no");
            }
            if (device.status == Device.Status.VERIFIED) {
                return pages.render(visit, session, "test", Map.of("approved", true));
            }
            return testNotifications.send(withDevice(session, device))
                    .chain(progress -> pages.render(visit, session, "test", Map.of("number", progress.numberToShow(),
                            "approved", false)))
                    .onFailure(SetupFailure.class).recoverWithUni(failure ->
                            pages.render(visit, session, "test", Map.of("approved", false, "failed", true),
                                    (SetupFailure) failure));
        }));
    }

    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> sendAgain(@FormParam("csrf") String csrf, @BeanParam WizardVisit request) {
        return gate.withForm(request, csrf, (visit, session) -> testNotifications.forget(session)
                .chain(() -> redirect("/setup/test")));
    }

    @GET
    @Path("/phone")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> phone(@BeanParam WizardVisit visit) {
        return gate.withSession(visit, session -> pages.render(visit, session, "phone",
                pages.phoneForm(visit, null, null, "SMS")));
    }

    @POST
    @Path("/phone")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> requestCode(@FormParam("csrf") String csrf, @FormParam("region") String region,
            @FormParam("number") String number, @FormParam("channel") String channel, @BeanParam WizardVisit request) {
        String chosenChannel = "VOICE".equals(channel) ? "VOICE" : "SMS";
        return gate.withForm(request, csrf, (visit, session) -> {
            if (!PhoneRegions.known(region)) {
                return pages.render(visit, session, "phone", pages.phoneForm(visit, region, number, chosenChannel),
                        new SetupFailure(SetupError.INVALID_NUMBER));
            }
            return phones.request(session, region, number, PhoneVerifications.Channel.valueOf(chosenChannel),
                            visit.language().code())
                    .chain(ignored -> redirect("/setup/code"))
                    .onFailure(SetupFailure.class).recoverWithUni(failure -> pages.render(visit, session, "phone",
                            pages.phoneForm(visit, region, number, chosenChannel), (SetupFailure) failure));
        });
    }

    @GET
    @Path("/code")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> code(@BeanParam WizardVisit visit) {
        return gate.withSession(visit, session -> pages.codePage(visit, session, Map.of(), null));
    }

    @POST
    @Path("/code")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> verifyCode(@FormParam("csrf") String csrf, @FormParam("code") String code,
            @BeanParam WizardVisit request) {
        return gate.withForm(request, csrf, (visit, session) -> phones.check(session, code)
                .chain(() -> redirect("/setup/done"))
                .onFailure(SetupFailure.class).recoverWithUni(failure ->
                        pages.codePage(visit, session, Map.of(), (SetupFailure) failure)));
    }

    @POST
    @Path("/code/resend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> resend(@FormParam("csrf") String csrf, @BeanParam WizardVisit request) {
        return gate.withForm(request, csrf, (visit, session) -> phones.resend(session)
                .chain(() -> pages.codePage(visit, session, Map.of("resent", true), null))
                .onFailure(SetupFailure.class).recoverWithUni(failure ->
                        pages.codePage(visit, session, Map.of(), (SetupFailure) failure)));
    }

    @GET
    @Path("/done")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> done(@BeanParam WizardVisit visit) {
        return gate.withSession(visit, session -> methods.list(session.tenantId, session.userId)
                .chain(list -> pages.render(visit, session, "done", Map.of("methods", list.stream()
                        .map(method -> new MethodLine(method.kind() == UserMethods.Kind.PHONE, method.label(), method.blocked()))
                        .toList()))));
    }

    /** The session with the device it tests, as the test push's progress reads it. */
    static WizardSession withDevice(WizardSession session, Device device) {
        session.deviceId = device.id;
        return session;
    }

    private static Uni<Response> redirect(String path) {
        return Uni.createFrom().item(Response.seeOther(URI.create(path)).build());
    }
}
