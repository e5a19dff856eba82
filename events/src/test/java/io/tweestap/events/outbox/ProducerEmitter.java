package io.tweestap.events.outbox;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The outbox channel as the services configure it (events' microprofile-config.properties:
 * {@code acks=all}, idempotent, 5 in flight) and as SmallRye writes CloudEvents in binary mode,
 * on a real producer, for relays wired by hand. Counts what its relay sent.
 */
final class ProducerEmitter implements MutinyEmitter<String> {

    private final KafkaProducer<String, String> producer;
    final AtomicInteger sent = new AtomicInteger();

    ProducerEmitter(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000),
                new StringSerializer(), new StringSerializer());
    }

    @Override
    public <M extends Message<? extends String>> Uni<Void> sendMessage(M message) {
        OutgoingKafkaRecordMetadata<?> kafka = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        OutgoingCloudEventMetadata<?> ce = message.getMetadata(OutgoingCloudEventMetadata.class).orElseThrow();
        ProducerRecord<String, String> record = new ProducerRecord<>(kafka.getTopic(), (String) kafka.getKey(),
                message.getPayload());
        header(record, "ce_specversion", ce.getSpecVersion());
        header(record, "ce_id", ce.getId());
        header(record, "ce_type", ce.getType());
        header(record, "ce_source", ce.getSource().toString());
        header(record, "ce_subject", ce.getSubject().orElse(null));
        header(record, "ce_time", ce.getTimeStamp().map(Object::toString).orElse(null));
        header(record, "content-type", ce.getDataContentType().orElse(null));
        CompletableFuture<Void> acked = new CompletableFuture<>();
        sent.incrementAndGet();
        producer.send(record, (metadata, failure) -> {
            if (failure == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(failure);
            }
        });
        return Uni.createFrom().completionStage(acked);
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        if (value != null) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    void close() {
        producer.close();
    }

    @Override
    public Uni<Void> send(String payload) {
        throw new UnsupportedOperationException("the relay sends messages with metadata");
    }

    @Override
    public void sendAndAwait(String payload) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Cancellable sendAndForget(String payload) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <M extends Message<? extends String>> void send(M message) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <M extends Message<? extends String>> void sendMessageAndAwait(M message) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <M extends Message<? extends String>> Cancellable sendMessageAndForget(M message) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void complete() {
    }

    @Override
    public void error(Exception e) {
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean hasRequests() {
        return true;
    }
}
