package io.tweestap.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON form of event data. Readers ignore fields they do not know, because the contract
 * only ever grows additively within a {@code .v1} type.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private EventJson() {
    }

    public static String write(TweestapEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event cannot be written as JSON: " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * @throws MalformedEventException when the data is not JSON of that type or lacks the fields
     *         every event must carry
     */
    public static <E extends TweestapEvent> E read(String json, Class<E> type) {
        E event;
        try {
            event = MAPPER.readValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("Data is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        if (event == null || blank(event.tenantId()) || blank(event.userId()) || event.occurredAt() == null) {
            throw new MalformedEventException(type.getSimpleName() + " lacks tenantId, userId or occurredAt");
        }
        return event;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
