package io.tweestap.api.warmup;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness stays DOWN until this instance has run its hot path once ({@link WarmUpStep}s). An
 * instance that starts in the middle of a busy morning — a crash restarted, a rolling update, one
 * more replica — otherwise takes its first requests with nothing loaded, compiled or translated:
 * on a loaded machine a restarted instance was seen taking 13 s over its first SMS send, longer
 * than its caller waits. The load balancer and Kubernetes keep sending to the warm instances
 * meanwhile. A step that fails is logged and skipped: warming is a speed-up, never a reason to
 * stay out of service, and the other readiness checks (database, Kafka) still decide. For the same
 * reason readiness stops waiting after {@code tweestap.warm-up.longest}; a slow step then goes on
 * in the background rather than being cut off in the middle of its transaction.
 *
 * <p>A start-up archive's training run ({@code tweestap.warm-up.training-run}, set by
 * deploy/local/service-jvm) exits once warmed up: the JDK then writes everything the start and the
 * hot path loaded, linked and profiled into the archive the real starts use (decision 0120).
 */
@Readiness
@ApplicationScoped
public class WarmUp implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    /** The outcome, set once by the warm-up thread and read by every readiness probe. */
    private record Outcome(int steps, List<String> failed, long millis) {
    }

    @Inject
    @Any
    Instance<WarmUpStep> steps;

    @ConfigProperty(name = "tweestap.warm-up.longest", defaultValue = "60s")
    Duration longest;

    @ConfigProperty(name = "tweestap.warm-up.training-run", defaultValue = "false")
    boolean trainingRun;

    private volatile long startedNanos;
    private volatile Outcome outcome;

    void onStart(@Observes StartupEvent started) {
        List<WarmUpStep> all = new ArrayList<>();
        steps.forEach(all::add);
        startedNanos = System.nanoTime();
        // Off the startup thread: Quarkus finishes starting (and answers liveness) while this runs.
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            outcome = runAll(all);
            if (trainingRun) {
                LOG.info("Training run of the start-up archive: warmed up, exiting");
                Quarkus.asyncExit(0);
            }
        });
    }

    private Outcome runAll(List<WarmUpStep> all) {
        long start = System.nanoTime();
        List<String> failed = new ArrayList<>();
        for (WarmUpStep step : all) {
            try {
                step.prepare();
                VertxContextSupport.subscribeAndAwait(() -> step.run().replaceWithVoid());
            } catch (Throwable e) {
                failed.add(step.name());
                LOG.warnf("Warm-up step %s failed (%s); the instance goes on without it", step.name(), e.toString());
            }
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        LOG.infof("Warmed up in %d ms: %d steps, %d failed", millis, all.size(), failed.size());
        return new Outcome(all.size(), List.copyOf(failed), millis);
    }

    @Override
    public HealthCheckResponse call() {
        Outcome done = outcome;
        boolean waitedLongEnough = startedNanos != 0 && System.nanoTime() - startedNanos > longest.toNanos();
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("warm-up").status(done != null || waitedLongEnough);
        if (done == null && waitedLongEnough) {
            answer.withData("unfinished", true);
        }
        if (done != null) {
            answer.withData("steps", done.steps()).withData("millis", done.millis())
                    .withData("failed", String.join(",", done.failed()));
        }
        return answer.build();
    }
}
