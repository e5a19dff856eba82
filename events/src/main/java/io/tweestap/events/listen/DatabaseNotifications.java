package io.tweestap.events.listen;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PostgreSQL's LISTEN on the service's own database: what a NOTIFY from a trigger needs to reach
 * the code waiting for it. A notification is only a hint: one sent while no connection of ours
 * listens is never delivered, so every listener also has another way to find what it missed (a
 * long-poll reads again when LISTEN is back, the push sweep, the outbox relay's poll).
 *
 * <p>Two ways to listen. {@link #subscribe} keeps a connection of its own (not from the pool: a
 * pooled connection is handed to others and would not stay LISTENing) and reconnects by itself;
 * the long-poll and the push delivery use it. {@link #listen} LISTENs on a connection the caller
 * keeps: the outbox relay's, which must be the one holding its lock (decision 0076), and which it
 * reconnects itself.
 */
@ApplicationScoped
public class DatabaseNotifications {

    /** Channels are plain lower-case identifiers, the same quoted or not, so LISTEN can name them as they are. */
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> databaseUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> databasePassword;

    private final List<PgSubscriber> subscribers = new CopyOnWriteArrayList<>();

    /** Where a connection of its own to the service's database goes: the reactive datasource's address and credentials. */
    public PgConnectOptions connectOptions() {
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl);
        databaseUser.ifPresent(options::setUser);
        databasePassword.ifPresent(options::setPassword);
        return options;
    }

    /**
     * Listens on {@code channel} until the application stops, on a connection of its own.
     * {@code onNotification} gets each notification's payload, on the connection's event loop;
     * {@code onListening} runs each time LISTEN is in place, the first time and after every
     * reconnection, which is when notifications sent meanwhile may have been missed. A lost
     * connection is tried again every {@code reconnectDelay}, for as long as it takes.
     *
     * @return the first connection and LISTEN; a failure there is not retried (the caller says what
     *         stands in for the notifications)
     */
    public Uni<Void> subscribe(String channel, Duration reconnectDelay, Consumer<String> onNotification, Runnable onListening) {
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, connectOptions());
        long delay = reconnectDelay.toMillis();
        subscriber.reconnectPolicy(attempt -> delay);
        subscriber.channel(checked(channel)).handler(onNotification).subscribeHandler(onListening);
        subscribers.add(subscriber);
        return subscriber.connect();
    }

    /**
     * LISTENs on {@code channel} on the caller's connection; {@code onNotification} gets the payload
     * of each notification on that channel. When the connection is lost, so is LISTEN: the caller
     * that reconnects listens again.
     */
    public static Uni<Void> listen(PgConnection connection, String channel, Consumer<String> onNotification) {
        String name = checked(channel);
        connection.notificationHandler(notification -> {
            if (name.equals(notification.getChannel())) {
                onNotification.accept(notification.getPayload());
            }
        });
        return connection.query("LISTEN " + name).execute().replaceWithVoid();
    }

    /** Only when something subscribed: a service that never listens has nothing to close. */
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent shutdown) {
        subscribers.forEach(PgSubscriber::closeAndForget);
        subscribers.clear();
    }

    private static String checked(String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case channel name: " + channel);
        }
        return channel;
    }
}
