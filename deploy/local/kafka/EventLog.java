import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The open event stream as an operations consumer reads it (deploy/local/events): every event of the
 * four topics, one line each (time, CloudEvents type, record key tenant:user, subject), with its JSON
 * data on request.
 *
 * <p>The four topics are one story (a sign-in's {@code ChallengeCreated}, {@code NotificationDelivered}
 * and {@code ChallengeApproved} live on two of them), so the events are printed in the order of their
 * {@code ce_time}, not topic after topic. Without {@code --follow} it reads every partition from the
 * beginning up to the end it found when it started and stops there at once, instead of waiting for an
 * idle timeout that a slow broker could also reach early. It reads by assignment, without a consumer
 * group, so it needs only read access to the topics and leaves no group behind.
 *
 * <p>Keys, subjects and data come from whoever made the event; control characters in them are
 * printed escaped, so an event cannot rewrite the reader's terminal.
 *
 * <pre>
 *   EventLog &lt;bootstrap&gt; &lt;client-config&gt; [--follow] [--data] [--key tenant:user] [--type regex]
 * </pre>
 */
public final class EventLog {

    static final List<String> TOPICS = List.of("mfa.enrollment.events.v1", "mfa.challenge.events.v1",
            "mfa.notification.events.v1", "mfa.sms.events.v1");

    record Event(Instant time, String timeText, String type, String key, String subject, String data,
                 String topic, int partition, long offset) {
    }

    static final Comparator<Event> IN_TIME_ORDER = Comparator.comparing(Event::time)
            .thenComparing(Event::topic).thenComparingInt(Event::partition).thenComparingLong(Event::offset);

    private final boolean data;
    private final String key;
    private final Pattern type;
    private final PrintStream out;

    EventLog(boolean data, String key, Pattern type, PrintStream out) {
        this.data = data;
        this.key = key;
        this.type = type;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: EventLog <bootstrap> <client-config> [--follow] [--data] [--key k] [--type regex]");
            System.exit(2);
        }
        boolean follow = false;
        boolean data = false;
        String key = null;
        Pattern type = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--follow" -> follow = true;
                case "--data" -> data = true;
                case "--key" -> key = args[++i];
                case "--type" -> type = Pattern.compile(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Properties client = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[1]))) {
            client.load(reader);
        }
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        client.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        client.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        client.put(ConsumerConfig.CLIENT_ID_CONFIG, "tweestap-event-log");
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        new EventLog(data, key, type, out).read(client, follow);
        out.flush();
    }

    void read(Properties client, boolean follow) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(client, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                List<PartitionInfo> found = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                found.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            List<Event> backlog = new ArrayList<>();
            List<Event> after = new ArrayList<>();
            while (!caughtUp(consumer, end)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Event event = event(record);
                    if (event != null) {
                        (record.offset() < end.get(partition) ? backlog : after).add(event);
                    }
                }
            }
            print(backlog);
            if (!follow) {
                return;
            }
            print(after);
            while (!Thread.currentThread().isInterrupted()) {
                List<Event> arrived = new ArrayList<>();
                consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
                    Event event = event(record);
                    if (event != null) {
                        arrived.add(event);
                    }
                });
                print(arrived);
            }
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        end.entrySet().removeIf(e -> consumer.position(e.getKey(), Duration.ofSeconds(30)) >= e.getValue());
        return end.isEmpty();
    }

    /** The record as an event line, or null when the filters leave it out. */
    Event event(ConsumerRecord<String, String> record) {
        String recordKey = record.key() == null ? "" : record.key();
        String eventType = header(record, "ce_type");
        if ((key != null && !key.equals(recordKey)) || (type != null && !type.matcher(eventType).find())) {
            return null;
        }
        String timeText = header(record, "ce_time");
        return new Event(instant(timeText, record.timestamp()), timeText, eventType, recordKey,
                header(record, "ce_subject"), record.value() == null ? "" : record.value(),
                record.topic(), record.partition(), record.offset());
    }

    void print(List<Event> events) {
        events.sort(IN_TIME_ORDER);
        for (Event event : events) {
            out.printf("%-28s %-50s %s  %s%n", escaped(event.timeText()), escaped(event.type()), escaped(event.key()),
                    escaped(event.subject()));
            if (data) {
                out.printf("    %s%n", escaped(event.data()));
            }
        }
        out.flush();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The event's own time; the record's time for an event without a readable one. */
    static Instant instant(String ceTime, long recordTimestamp) {
        try {
            return OffsetDateTime.parse(ceTime).toInstant();
        } catch (DateTimeParseException notATime) {
            return Instant.ofEpochMilli(recordTimestamp);
        }
    }

    /** Control characters (C0, DEL, C1) as {@code \\uXXXX}: what an event holds is shown, never executed. */
    static String escaped(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
