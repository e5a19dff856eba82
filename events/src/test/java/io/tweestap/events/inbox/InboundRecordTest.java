package io.tweestap.events.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tweestap.events.CloudEventHeaders;
import io.tweestap.events.EventJson;
import io.tweestap.events.MalformedEventException;
import io.tweestap.events.enrollment.DeviceRemoved;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/** Which records the inbox refuses before any handler sees them (decision 0008). */
class InboundRecordTest {

    private static final String REMOVED = EventJson.write(
            new DeviceRemoved("acme", "noor@acme.example", Instant.parse("2026-12-02T06:00:00Z"), "d-1", "lost"));

    @Test
    void aKnownTypeInItsVersionIsDecoded() {
        assertThat(InboundRecord.decode(record("tweestap.enrollment.DeviceRemoved.v1", REMOVED))).get()
                .extracting(event -> event.data()).isInstanceOf(DeviceRemoved.class);
    }

    @Test
    void aKnownTypeInAVersionThisBuildDoesNotKnowCannotBeAppliedAndIsNotSkipped() {
        assertThatThrownBy(() -> InboundRecord.decode(record("tweestap.enrollment.DeviceRemoved.v2", REMOVED)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("tweestap.enrollment.DeviceRemoved.v2");
        assertThat(FailureClass.of(new MalformedEventException("x"))).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void aTypeUnknownInEveryVersionIsSkipped() {
        assertThat(InboundRecord.decode(record("tweestap.enrollment.SomethingNew.v1", "{}"))).isEmpty();
    }

    private static Message<String> record(String ceType, String json) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("mfa.enrollment.events.v1", 0, 0L,
                "acme:noor@acme.example", json);
        record.headers().add(CloudEventHeaders.ID, "e-1".getBytes(StandardCharsets.UTF_8));
        record.headers().add(CloudEventHeaders.TYPE, ceType.getBytes(StandardCharsets.UTF_8));
        return Message.of(json, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "enrollment-events")));
    }
}
