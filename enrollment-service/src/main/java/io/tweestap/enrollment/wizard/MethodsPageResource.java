package io.tweestap.enrollment.wizard;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemException;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.domain.MethodsPageLink;
import io.tweestap.enrollment.domain.PlatformPages;
import io.tweestap.enrollment.service.DeviceMoves;
import io.tweestap.enrollment.service.EnrollmentService.OpenedWizard;
import io.tweestap.enrollment.service.MethodsPageAccess;
import io.tweestap.enrollment.service.OwnMethodRefused;
import io.tweestap.enrollment.service.OwnMethods;
import io.tweestap.enrollment.service.SetupError;
import io.tweestap.enrollment.service.SetupFailure;
import io.tweestap.enrollment.service.UserMethods;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The user's own methods page, "My sign-in methods" (issue 16 item 3, decision 0090), in Dutch or
 * English and server-rendered like the wizard: opened by a single-use link, then one page session
 * in a cookie; every action is a form post with the session's CSRF token and ends in a redirect
 * back to the page, which says what happened. Adding an authenticator and changing the phone
 * number go through the wizard itself, on a wizard session for the same user.
 */
@Path("/setup/methods")
@PermitAll
// Form parameters would otherwise move handlers to worker threads, where Hibernate Reactive cannot run.
@NonBlocking
@Tag(name = "Methods page (browser)")
public class MethodsPageResource {

    @Inject
    MethodsPageAccess access;

    @Inject
    OwnMethods own;

    @Inject
    UserMethods methods;

    @Inject
    DeviceMoves moves;

    @Inject
    MethodsPageView view;

    @Inject
    WizardCookies cookies;

    @Inject
    EnrollmentSettings settings;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Opens the page with a single-use link (?link=...), or shows the user's methods")
    public Uni<Response> show(@QueryParam("link") String link, @QueryParam("done") String done,
            @BeanParam MethodsVisit visit) {
        if (link == null) {
            return withPage(visit, page -> render(visit, page, done, null));
        }
        // The page comes back without the token in its URL: a reload or a bookmark does not meet a spent link.
        return access.open(link)
                .map(opened -> Response.seeOther(URI.create("/setup/methods")).cookie(cookies.methods(opened.session()))
                        .build())
                .onFailure(SetupFailure.class).recoverWithUni(failure -> {
                    // Opening the same link again while its page is open in this browser (a reload) just continues.
                    SetupError error = ((SetupFailure) failure).error();
                    return access.session(visit.sessionToken()).chain(page -> page != null && error == SetupError.LINK_USED
                            ? render(visit, page, null, null) : view.error(visit, error));
                });
    }

    /** A method's own action, from its row of the page ({@code name} only for a rename). */
    @POST
    @Path("/{action: rename|remove|default|lost}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> act(@PathParam("action") String action, @FormParam("csrf") String csrf,
            @FormParam("methodId") String methodId, @FormParam("name") String name, @BeanParam MethodsVisit request) {
        MethodAction chosen = MethodAction.valueOf(action.toUpperCase(Locale.ROOT));
        return withMethod(request, csrf, methodId, (visit, page, id) -> {
            Uni<Void> acted = switch (chosen) {
                case RENAME -> own.rename(page.tenantId, page.userId, id, name);
                case REMOVE -> own.remove(page.tenantId, page.userId, id);
                case DEFAULT -> own.chooseDefault(page.tenantId, page.userId, id);
                case LOST -> own.lost(page.tenantId, page.userId, id);
            };
            // On success back to the page, which says what was done; refused, the page says why.
            return acted.replaceWith(() -> Response.seeOther(URI.create("/setup/methods?done=" + chosen.done)).build())
                    .onFailure(ProblemException.class).transform(notFound ->
                            new OwnMethodRefused(OwnMethodRefused.Reason.NOT_FOUND))
                    .onFailure(OwnMethodRefused.class).recoverWithUni(refused ->
                            render(visit, page, null, (OwnMethodRefused) refused));
        });
    }

    /** Into the wizard's app step, on a new wizard session of the same user; its "Done" leads back here. */
    @POST
    @Path("/add-authenticator")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> addAuthenticator(@FormParam("csrf") String csrf, @BeanParam MethodsVisit request) {
        return withForm(request, csrf, (visit, page) -> intoWizard(visit, page,
                own.addAuthenticator(page.tenantId, page.userId, backHere()), "/setup/app"));
    }

    /** Into the wizard's phone step; the old number goes only once the new one is verified. */
    @POST
    @Path("/change-phone")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> changePhone(@FormParam("csrf") String csrf, @FormParam("methodId") String methodId,
            @BeanParam MethodsVisit request) {
        return withMethod(request, csrf, methodId, (visit, page, id) ->
                intoWizard(visit, page, own.changePhone(page.tenantId, page.userId, id, backHere()), "/setup/phone"));
    }

    /**
     * Moves from this authenticator to a new phone (decision 0094): into the wizard's app step for the new
     * phone, on a wizard session bound to the move; a move from it already under way is continued, not doubled.
     */
    @POST
    @Path("/move")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> startMove(@FormParam("csrf") String csrf, @FormParam("methodId") String methodId,
            @BeanParam MethodsVisit request) {
        return withMethod(request, csrf, methodId, (visit, page, id) -> moves.start(page.tenantId, page.userId, id,
                        backHere())
                .map(start -> start.wizard() == null
                        ? Response.seeOther(URI.create("/setup/methods/move")).build()
                        : Response.seeOther(URI.create("/setup/app")).cookie(cookies.session(start.wizard().token())).build())
                .onFailure(OwnMethodRefused.class).recoverWithUni(refused -> render(visit, page, null,
                        (OwnMethodRefused) refused))
                .onFailure(SetupFailure.class).recoverWithUni(failure -> view.error(visit,
                        ((SetupFailure) failure).error())));
    }

    /** The user's move: what to do next, or how it ended; looking asks the old device once the new phone is in. */
    @GET
    @Path("/move")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> move(@BeanParam MethodsVisit visit) {
        return withPage(visit, page -> moves.current(page.tenantId, page.userId)
                .chain(current -> view.move(visit, page, current)));
    }

    private Uni<Response> intoWizard(PageVisit visit, MethodsPageLink page, Uni<OpenedWizard> opening, String step) {
        return opening.map(opened -> Response.seeOther(URI.create(step)).cookie(cookies.session(opened.token())).build())
                .onFailure(OwnMethodRefused.class).recoverWithUni(refused -> render(visit, page, null,
                        (OwnMethodRefused) refused))
                .onFailure(SetupFailure.class).recoverWithUni(failure -> view.error(visit,
                        ((SetupFailure) failure).error()));
    }

    /** Where the wizard's "Done" returns the person: this page, while its session lasts. */
    private PlatformPages backHere() {
        return new PlatformPages(settings.publicUrl().toString().replaceAll("/$", "") + "/setup/methods", null);
    }

    /** The page's own actions on a method, and the word the page then shows ({@code ?done=}). */
    private enum MethodAction {
        RENAME("renamed"), REMOVE("removed"), DEFAULT("default"), LOST("lost");

        final String done;

        MethodAction(String done) {
            this.done = done;
        }
    }

    private Uni<Response> render(PageVisit visit, MethodsPageLink page, String done, OwnMethodRefused refused) {
        return methods.list(page.tenantId, page.userId).chain(list -> moves.underWay(page.tenantId, page.userId)
                .chain(move -> view.page(visit, page, list, move != null, done, refused)));
    }

    private Uni<Response> withPage(PageVisit visit, Function<MethodsPageLink, Uni<Response>> step) {
        return access.session(visit.sessionToken()).chain(page -> page == null
                ? view.error(visit, SetupError.SESSION_EXPIRED) : step.apply(page));
    }

    /** A form post on the page session, carrying its {@link FormToken}; the step gets the visit as a form sees it. */
    private Uni<Response> withForm(PageVisit request, String csrf,
            BiFunction<PageVisit, MethodsPageLink, Uni<Response>> step) {
        PageVisit visit = request.forForm();
        return withPage(visit, page -> FormToken.checked(visit.csrfToken(), csrf, () -> step.apply(visit, page)));
    }

    /** A form post about one of the user's methods: an id that names none is refused as not found, on the page. */
    private Uni<Response> withMethod(PageVisit request, String csrf, String methodId, MethodStep step) {
        return withForm(request, csrf, (visit, page) -> {
            UUID id = uuid(methodId);
            return id == null ? render(visit, page, null, new OwnMethodRefused(OwnMethodRefused.Reason.NOT_FOUND))
                    : step.apply(visit, page, id);
        });
    }

    /** What a form post does with the method it names. */
    private interface MethodStep {
        Uni<Response> apply(PageVisit visit, MethodsPageLink page, UUID methodId);
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
