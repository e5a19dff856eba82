package io.tweestap.events.listen;

import io.vertx.mutiny.core.Vertx;
import java.util.Optional;

/** For relays wired by hand in tests: notifications from the database at {@code uri}, credentials in it. */
public final class DatabaseNotificationsWiring {

    private DatabaseNotificationsWiring() {
    }

    public static DatabaseNotifications on(Vertx vertx, String uri) {
        DatabaseNotifications notifications = new DatabaseNotifications();
        notifications.vertx = vertx;
        notifications.databaseUrl = uri;
        notifications.databaseUser = Optional.empty();
        notifications.databasePassword = Optional.empty();
        return notifications;
    }
}
