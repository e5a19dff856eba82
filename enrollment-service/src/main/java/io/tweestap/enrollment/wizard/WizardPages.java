package io.tweestap.enrollment.wizard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.WizardSession;
import io.tweestap.enrollment.service.SetupError;
import io.tweestap.enrollment.service.SetupFailure;
import io.tweestap.enrollment.wizard.SetupWizardResource.Visit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Renders the wizard's pages: a step of a session, with an explained failure or none, and the error page. */
@ApplicationScoped
public class WizardPages {

    static final List<String> STEPS = List.of("app", "account", "qr", "test", "phone", "code", "done");

    @Inject
    @Location("setup/page.html")
    Template page;

    @Inject
    WizardCookies cookies;

    /** A step of the session's wizard; a failure is explained on it (422, 503 when a service is away; 200 on the test step). */
    Uni<Response> render(Visit visit, WizardSession session, String step, Map<String, Object> data,
            SetupFailure failure) {
        WizardLanguage language = visit.language();
        TemplateInstance instance = page.data("step", step)
                .data("approved", false).data("failed", false).data("resent", false).data("number", "")
                .data("methods", List.of()).data("regions", List.of()).data("voice", false)
                .data("activationCode", "").data("serverUrl", "").data("sentTo", "").data("codeSpent", false)
                // The account and the platform's pages are rendered escaped, like every value (Qute's HTML default).
                .data("account", session.userId)
                .data("returnUrl", session.returnUrl == null ? "" : session.returnUrl)
                .data("switchAccountUrl", session.switchAccountUrl == null ? "" : session.switchAccountUrl)
                .data("lang", language.code())
                .data("other", "nl".equals(language.code()) ? "en" : "nl")
                .data("stepNumber", STEPS.indexOf(step) + 1)
                .data("stepCount", STEPS.size())
                .data("steps", STEPS)
                .data("csrf", visit.sessionToken() == null ? "" : SetupWizardResource.csrfToken(visit.sessionToken()))
                .data("error", failure == null ? "" : language.explain(failure.error(), failure.detail()))
                .data("errorCode", failure == null ? "" : failure.error().name());
        data.forEach(instance::data);
        instance.setAttribute("locale", language.locale());
        int status = failure == null ? 200 : failure.error() == SetupError.SERVICE_UNAVAILABLE ? 503 : 422;
        if (failure != null && "test".equals(step)) {
            status = 200;
        }
        int finalStatus = status;
        return instance.createUni().map(html -> {
            Response.ResponseBuilder response = Response.status(finalStatus).entity(html)
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
            if (visit.langChoice() != null && WizardLanguage.SUPPORTED.contains(visit.langChoice())) {
                response.cookie(cookies.language(visit.langChoice()));
            }
            return response.build();
        });
    }

    /** The page for a wizard that cannot go on: no session, a spent or unknown link, a setup ended by a reset. */
    Uni<Response> error(Visit visit, SetupFailure failure) {
        WizardLanguage language = visit.language();
        int status = switch (failure.error()) {
            case LINK_EXPIRED, LINK_USED, SETUP_ENDED -> 410;
            case LINK_UNKNOWN -> 404;
            case SESSION_EXPIRED -> 401;
            default -> 400;
        };
        TemplateInstance instance = page.data("step", "error")
                .data("approved", false).data("failed", false).data("resent", false)
                .data("account", "").data("returnUrl", "").data("switchAccountUrl", "")
                .data("lang", language.code())
                .data("other", "nl".equals(language.code()) ? "en" : "nl")
                .data("stepNumber", 0).data("stepCount", STEPS.size()).data("steps", STEPS).data("csrf", "")
                .data("error", language.explain(failure.error(), failure.detail()))
                .data("errorCode", failure.error().name());
        instance.setAttribute("locale", language.locale());
        return instance.createUni().map(html -> {
            Response.ResponseBuilder response = Response.status(status).entity(html)
                    .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
            return response.build();
        });
    }
}
