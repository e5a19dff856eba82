package io.tweestap.enrollment.wizard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.MethodsPageLink;
import io.tweestap.enrollment.service.DeviceMoves.MoveView;
import io.tweestap.enrollment.service.OwnMethodRefused;
import io.tweestap.enrollment.service.SetupError;
import io.tweestap.enrollment.service.UserMethods;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;

/** Renders the user's own methods page (decision 0090): the methods with their forms, a notice, an error. */
@ApplicationScoped
public class MethodsPageView {

    /** One method as the page shows it; {@code added} in the page's language, {@code addedIso} for {@code <time>}. */
    @TemplateData
    public record MethodRow(String id, boolean phone, String label, String added, String addedIso, boolean isDefault,
            boolean blocked, boolean verified, boolean canDefault, boolean canLose, boolean canMove) {

        static MethodRow of(UserMethods.Method method, WizardLanguage language) {
            boolean verified = "VERIFIED".equals(method.status());
            boolean phone = method.kind() == UserMethods.Kind.PHONE;
            // A date without a time: the page does not know the person's time zone, and the day is what they recognise.
            String added = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(language.locale())
                    .withZone(ZoneOffset.UTC).format(method.registeredAt());
            return new MethodRow(method.methodId().toString(), phone, method.label(), added,
                    method.registeredAt().toString(), method.isDefault(), method.blocked(), verified,
                    verified && !method.blocked() && !method.isDefault(), !phone && !method.blocked(),
                    !phone && verified && !method.blocked());
        }
    }

    @Inject
    @Location("setup/methods.html")
    Template template;

    @Inject
    @Location("setup/move.html")
    Template moveTemplate;

    @Inject
    WizardCookies cookies;

    /** The page with the user's methods; {@code notice} says what the last action did, {@code refused} why it did not. */
    Uni<Response> page(PageVisit visit, MethodsPageLink page, List<UserMethods.Method> methods, boolean moveUnderWay,
            String done, OwnMethodRefused refused) {
        WizardLanguage language = visit.language();
        MethodsMessages mm = messages(language);
        TemplateInstance instance = base(visit, language)
                .data("page", true)
                .data("account", page.userId)
                .data("returnUrl", page.returnUrl == null ? "" : page.returnUrl)
                .data("csrf", visit.csrfToken())
                .data("methods", methods.stream().map(method -> MethodRow.of(method, language)).toList())
                .data("notice", notice(mm, done))
                .data("moveUnderWay", moveUnderWay)
                .data("error", refused == null ? "" : explain(mm, refused.reason()))
                .data("errorCode", refused == null ? "" : refused.reason().name());
        int status = refused == null ? 200 : switch (refused.reason()) {
            case NOT_FOUND -> 404;
            case NAME_INVALID -> 422;
            case LAST_METHOD, NOT_USABLE, MOVE_UNDER_WAY, MOVE_NOT_POSSIBLE -> 409;
        };
        return respond(visit, instance, status);
    }

    /** The page for a visit that cannot go on: an unknown, spent or expired link, no session, a service away. */
    Uni<Response> error(PageVisit visit, SetupError error) {
        WizardLanguage language = visit.language();
        MethodsMessages mm = messages(language);
        int status;
        String text;
        switch (error) {
            case LINK_UNKNOWN -> { status = 404; text = mm.errLinkUnknown(); }
            case LINK_USED -> { status = 410; text = mm.errLinkUsed(); }
            case LINK_EXPIRED -> { status = 410; text = mm.errLinkExpired(); }
            case SESSION_EXPIRED -> { status = 401; text = mm.errSessionExpired(); }
            default -> { status = 503; text = mm.errUnavailable(); }
        }
        TemplateInstance instance = base(visit, language).data("page", false).data("account", "")
                .data("returnUrl", "").data("csrf", "").data("methods", List.of()).data("notice", "").data("moveUnderWay", false)
                .data("error", text).data("errorCode", error.name());
        return respond(visit, instance, status);
    }

    /** The move page (decision 0094): the user's newest move and what to do next, or that there is none (404). */
    Uni<Response> move(PageVisit visit, MethodsPageLink page, MoveView current) {
        WizardLanguage language = visit.language();
        TemplateInstance instance = moveTemplate.data("lang", language.code())
                .data("other", "nl".equals(language.code()) ? "en" : "nl")
                .data("account", page.userId)
                .data("state", current == null ? "NONE" : current.move().status.name())
                .data("number", current == null || current.move().numberToShow == null ? "" : current.move().numberToShow)
                .data("oldName", current == null || current.oldDeviceName() == null ? "" : current.oldDeviceName())
                .data("newName", current == null || current.newDeviceName() == null ? "" : current.newDeviceName())
                .data("why", current == null ? "" : MoveTexts.why(messages(language), current.move().abandonReason))
                .data("error", current == null || current.failure() == null ? ""
                        : language.explain(current.failure().error(), current.failure().detail()))
                .data("errorCode", current == null || current.failure() == null ? "" : current.failure().error().name());
        return respond(visit, instance, current == null ? 404 : 200);
    }

    private TemplateInstance base(PageVisit visit, WizardLanguage language) {
        return template.data("lang", language.code()).data("other", "nl".equals(language.code()) ? "en" : "nl");
    }

    private Uni<Response> respond(PageVisit visit, TemplateInstance instance, int status) {
        instance.setAttribute("locale", visit.language().locale());
        return instance.createUni().map(html -> {
            Response.ResponseBuilder response = Response.status(status).entity(html)
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
            if (visit.langChoice() != null && WizardLanguage.SUPPORTED.contains(visit.langChoice())) {
                response.cookie(cookies.language(visit.langChoice()));
            }
            return response.build();
        });
    }

    static MethodsMessages messages(WizardLanguage language) {
        return MessageBundles.get(MethodsMessages.class, Localized.Literal.of(language.code()));
    }

    private static String notice(MethodsMessages mm, String done) {
        if (done == null) {
            return "";
        }
        return switch (done) {
            case "renamed" -> mm.doneRenamed();
            case "removed" -> mm.doneRemoved();
            case "default" -> mm.doneDefault();
            case "lost" -> mm.doneLost();
            default -> "";
        };
    }

    private static String explain(MethodsMessages mm, OwnMethodRefused.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> mm.errNotFound();
            case NAME_INVALID -> mm.errNameInvalid();
            case LAST_METHOD -> mm.errLastMethod();
            case NOT_USABLE -> mm.errNotUsable();
            case MOVE_UNDER_WAY -> mm.errMoveUnderWay();
            case MOVE_NOT_POSSIBLE -> mm.errMoveNotPossible();
        };
    }
}
