package io.tweestap.enrollment.wizard;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.service.DeviceActivation;
import io.tweestap.enrollment.service.EnrollmentService;
import io.tweestap.enrollment.service.SetupError;
import io.tweestap.enrollment.service.SetupFailure;
import io.tweestap.enrollment.service.TestNotifications;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the wizard's pages poll so they move on by themselves: the little script on the QR and
 * test pages asks it; every step also works without it.
 */
@Path("/setup/status")
@PermitAll
@NonBlocking
@Tag(name = "Setup wizard (browser)")
public class WizardStatusResource {

    @Inject
    EnrollmentService enrollments;

    @Inject
    DeviceActivation activation;

    @Inject
    TestNotifications testNotifications;

    /** Polled by the pages: has the device activated, was the test push approved, is the phone verified? */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> status(@QueryParam("test") boolean test, @BeanParam WizardVisit visit) {
        WizardLanguage language = visit.language();
        return enrollments.session(visit.sessionToken()).chain(session -> {
            if (session == null || session.endedAt != null) {
                SetupError error = session == null ? SetupError.SESSION_EXPIRED : SetupError.SETUP_ENDED;
                // A move's session ends with its move (decision 0094), not by a reset: say so.
                String message = session != null && session.moveId != null
                        ? MethodsPageView.messages(language).moveEnded() : language.explain(error, null);
                return Uni.createFrom().item(json(Map.of("error", error.name(), "message", message)));
            }
            return activation.deviceOf(session).chain(device -> {
                Map<String, Object> status = new HashMap<>();
                status.put("device", device == null ? "NONE" : device.status.name());
                if (!test || device == null) {
                    return Uni.createFrom().item(json(status));
                }
                return testNotifications.progress(SetupWizardResource.withDevice(session, device))
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

    private static Response json(Map<String, Object> body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
