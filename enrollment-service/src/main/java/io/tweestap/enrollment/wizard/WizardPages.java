package io.tweestap.enrollment.wizard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.WizardSession;
import io.tweestap.enrollment.service.PhoneVerifications;
import io.tweestap.enrollment.service.SetupError;
import io.tweestap.enrollment.service.SetupFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
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

    @Inject
    PhoneVerifications phones;

    /** A step without a failure to explain. */
    Uni<Response> render(PageVisit visit, WizardSession session, String step, Map<String, Object> data) {
        return render(visit, session, step, data, null);
    }

    /** The code step: where the code went; without a phone to verify, back to the phone step. */
    Uni<Response> codePage(PageVisit visit, WizardSession session, Map<String, Object> extra, SetupFailure failure) {
        return phones.ofSession(session).chain(phone -> {
                    if (phone == null) {
                        return Uni.createFrom().item(Response.seeOther(URI.create("/setup/phone")).build());
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

    /** The phone step's form: the regions in the visit's language, and what was typed before. */
    Map<String, Object> phoneForm(PageVisit visit, String region, String number, String channel) {
        WizardLanguage language = visit.language();
        Map<String, Object> data = new HashMap<>();
        data.put("regions", PhoneRegions.all(language.locale(), region != null ? region : language.region()));
        data.put("number", number == null ? "" : number);
        data.put("voice", "VOICE".equals(channel));
        return data;
    }

    /** A step of the session's wizard; a failure is explained on it (422, 503 when a service is away; 200 on the test step). */
    Uni<Response> render(PageVisit visit, WizardSession session, String step, Map<String, Object> data,
            SetupFailure failure) {
        WizardLanguage language = visit.language();
        TemplateInstance instance = page.data("step", step)
                .data("approved", false).data("failed", false).data("resent", false).data("number", "")
                .data("methods", List.of()).data("regions", List.of()).data("voice", false)
                .data("activationCode", "").data("serverUrl", "").data("appUrl", "").data("notLinked", false).data("appStoreUrl", "").data("googlePlayUrl", "").data("sentTo", "").data("codeSpent", false)
                // The account and the platform's pages are rendered escaped, like every value (Qute's HTML default).
                .data("account", session.userId)
                .data("returnUrl", session.returnUrl == null ? "" : session.returnUrl)
                .data("switchAccountUrl", session.switchAccountUrl == null ? "" : session.switchAccountUrl)
                .data("lang", language.code())
                .data("other", "nl".equals(language.code()) ? "en" : "nl")
                .data("stepNumber", STEPS.indexOf(step) + 1)
                .data("stepCount", STEPS.size())
                .data("steps", STEPS)
                .data("csrf", visit.csrfToken())
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
    Uni<Response> error(PageVisit visit, SetupFailure failure) {
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
