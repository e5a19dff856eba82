package io.tweestap.events.outbox;

import io.smallrye.mutiny.Uni;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.EventJson;
import io.tweestap.events.EventType;
import io.tweestap.events.TweestapEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The only way business code publishes an event: it joins the caller's transaction, so the state
 * change and the event commit together or not at all. Call it from a {@code @WithTransaction}
 * method.
 */
@ApplicationScoped
public class Outbox {

    /** @return the event id ({@code ce_id}); its subject is the one the event names ({@link TweestapEvent#subject()}) */
    public Uni<UUID> add(TweestapEvent event) {
        EventType<TweestapEvent> type = EventCatalogue.typeOf(event);
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.topic = type.topic().topicName();
        row.recordKey = event.recordKey();
        row.type = type.ceType();
        row.subject = event.subject();
        row.tenantId = event.tenantId();
        row.payload = EventJson.write(event);
        row.occurredAt = event.occurredAt();
        return row.persist().replaceWith(row.id);
    }
}
