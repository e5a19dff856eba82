package io.tweestap.enrollment.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.warmup.WarmUpStep;
import io.tweestap.enrollment.domain.PlatformPages;
import io.tweestap.enrollment.wizard.QrCodeImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The setup path once before this instance takes traffic: an enrolment started and its link opened
 * in a rolled-back transaction (the rows, the event and its JSON, the user's lock), a registration
 * read, and a QR code drawn.
 */
@ApplicationScoped
public class SetupPathWarmUp implements WarmUpStep {

    @Inject
    EnrollmentService enrollments;

    @Inject
    UserMethods methods;

    @Override
    public String name() {
        return "setup";
    }

    @Override
    public void prepare() {
        QrCodeImage.png("https://tweestap.invalid/app/activate#WARM-UP");
    }

    @Override
    public Uni<?> run() {
        return WarmUpStep.undone(() -> enrollments.start(TENANT, USER, PlatformPages.NONE)
                        .chain(started -> enrollments.openLink(linkToken(started.link().getRawQuery()))))
                .chain(() -> enrollments.session("warm-up"))
                .chain(() -> methods.status(TENANT, USER));
    }

    /** The link's query is {@code link=<token>}. */
    private static String linkToken(String query) {
        return query.substring(query.indexOf('=') + 1);
    }
}
