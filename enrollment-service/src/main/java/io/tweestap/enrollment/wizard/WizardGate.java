package io.tweestap.enrollment.wizard;

import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.WizardSession;
import io.tweestap.enrollment.service.EnrollmentService;
import io.tweestap.enrollment.service.SetupError;
import io.tweestap.enrollment.service.SetupFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.function.BiFunction;
import java.util.function.Function;

/** What a wizard step passes before it runs: a live session and, for a form post, the form's CSRF token. */
@ApplicationScoped
public class WizardGate {

    @Inject
    EnrollmentService enrollments;

    @Inject
    WizardPages pages;

    /** Runs the step on the visit's session, or shows why the wizard cannot go on. */
    Uni<Response> withSession(PageVisit visit, Function<WizardSession, Uni<Response>> step) {
        return enrollments.session(visit.sessionToken()).chain(session -> {
            if (session == null) {
                return pages.error(visit, new SetupFailure(SetupError.SESSION_EXPIRED));
            }
            if (session.endedAt != null && session.moveId != null) {
                // Its move to a new phone ended (decision 0094): the move page says how, not a reset's explanation.
                return Uni.createFrom().item(Response.seeOther(URI.create("/setup/methods/move")).build());
            }
            if (session.endedAt != null) {
                return pages.error(visit, new SetupFailure(SetupError.SETUP_ENDED));
            }
            // A reset can end the session while the step runs; what the step did not explain itself is a page, not a 500.
            return step.apply(session).onFailure(SetupFailure.class)
                    .recoverWithUni(failure -> pages.error(visit, (SetupFailure) failure));
        });
    }

    /**
     * A form post: runs the step on the visit's session when the form carries the session's
     * {@link FormToken}. The step gets the visit as a form sees it ({@link PageVisit#forForm()}).
     */
    Uni<Response> withForm(PageVisit request, String csrf, BiFunction<PageVisit, WizardSession, Uni<Response>> step) {
        PageVisit visit = request.forForm();
        return withSession(visit, session -> FormToken.checked(visit.csrfToken(), csrf, () -> step.apply(visit, session)));
    }
}
