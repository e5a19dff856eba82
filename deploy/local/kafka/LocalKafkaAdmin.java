import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Small admin helper of the local platform (used by deploy/local/kafka-broker).
 * One JVM waits for the broker, creates the topics and waits for their leaders,
 * which is much faster than one kafka-topics JVM per topic.
 *
 * <pre>
 *   ensure &lt;bootstrap&gt; &lt;timeoutSeconds&gt; &lt;brokerPid|0&gt; [--client-config f] [--users f] [--acls f]
 *          [--nodes n] [--replication rf] [--min-insync n] [topic:partitions ...]
 *   ping   &lt;bootstrap&gt; &lt;timeoutSeconds&gt;
 *   list   &lt;bootstrap&gt;
 * </pre>
 *
 * A secured broker (decision 0063): --client-config is the admin's SASL client settings; after the
 * topics, --users sets the SCRAM users' passwords and --acls makes the ACLs those of the file
 * ({@link LocalKafkaIdentities}).
 *
 * A cluster (deploy/local/kafka-cluster): --nodes waits until that many brokers have registered,
 * --replication and --min-insync are the new topics' replication factor and min.insync.replicas, and
 * the topics are ready only when every partition's in-sync replicas are all its replicas.
 *
 * Exit codes: 0 ok, 1 usage, 2 timed out / failed, 3 broker process died.
 */
public final class LocalKafkaAdmin {

    private static Path clientConfig;
    private static Path usersFile;
    private static Path aclsFile;
    private static int nodes = 1;
    private static short replication = 1;
    private static int minInsync = 1;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        String command = args[0];
        String bootstrap = args[1];
        switch (command) {
            case "ensure" -> {
                if (args.length < 4) {
                    usage();
                }
                long timeoutMs = Long.parseLong(args[2]) * 1000L;
                long pid = Long.parseLong(args[3]);
                Map<String, Integer> topics = new LinkedHashMap<>();
                for (int i = 4; i < args.length; i++) {
                    switch (args[i]) {
                        case "--client-config" -> clientConfig = Path.of(args[++i]);
                        case "--users" -> usersFile = Path.of(args[++i]);
                        case "--acls" -> aclsFile = Path.of(args[++i]);
                        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                        case "--replication" -> replication = Short.parseShort(args[++i]);
                        case "--min-insync" -> minInsync = Integer.parseInt(args[++i]);
                        default -> {
                            int colon = args[i].lastIndexOf(':');
                            topics.put(args[i].substring(0, colon), Integer.parseInt(args[i].substring(colon + 1)));
                        }
                    }
                }
                System.exit(ensure(bootstrap, timeoutMs, pid, topics));
            }
            case "ping" -> {
                long timeoutMs = args.length > 2 ? Long.parseLong(args[2]) * 1000L : 5000L;
                System.exit(waitForBroker(bootstrap, timeoutMs, 0) ? 0 : 2);
            }
            case "list" -> {
                try (Admin admin = admin(bootstrap, 10_000)) {
                    Map<String, TopicDescription> d = admin.describeTopics(
                            admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get())
                            .allTopicNames().get();
                    new TreeMap<>(d).forEach((name, td) -> System.out.println(
                            name + " partitions=" + td.partitions().size()));
                }
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: LocalKafkaAdmin ensure <bootstrap> <timeoutSeconds> <brokerPid|0> [topic:partitions ...]"
                + " | ping <bootstrap> [timeoutSeconds] | list <bootstrap>");
        System.exit(1);
    }

    private static Admin admin(String bootstrap, int timeoutMs) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 5000));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        p.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "tweestap-local-admin");
        if (clientConfig != null) {
            try (Reader in = Files.newBufferedReader(clientConfig)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Admin.create(p);
    }

    private static boolean alive(long pid) {
        return pid <= 0 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean waitForBroker(String bootstrap, long timeoutMs, long pid) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (Admin admin = admin(bootstrap, 2000)) {
            while (System.currentTimeMillis() < deadline) {
                if (!alive(pid)) {
                    System.err.println("broker process " + pid + " is not running");
                    System.exit(3);
                }
                try {
                    int count = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get(3, TimeUnit.SECONDS).size();
                    if (count >= nodes) {
                        return true;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not up yet
                }
                Thread.sleep(200);
            }
        }
        return false;
    }

    private static int ensure(String bootstrap, long timeoutMs, long pid, Map<String, Integer> topics)
            throws InterruptedException, IOException {
        long start = System.currentTimeMillis();
        long deadline = start + timeoutMs;
        if (!waitForBroker(bootstrap, timeoutMs, pid)) {
            System.err.println("broker at " + bootstrap + " did not answer within " + timeoutMs / 1000 + " s");
            return 2;
        }
        if (topics.isEmpty()) {
            return 0;
        }
        try (Admin admin = admin(bootstrap, 10_000)) {
            List<String> created = new ArrayList<>();
            while (true) {
                if (!alive(pid)) {
                    System.err.println("broker process " + pid + " is not running");
                    return 3;
                }
                try {
                    Set<String> existing = admin.listTopics().names().get();
                    List<NewTopic> missing = new ArrayList<>();
                    topics.forEach((name, partitions) -> {
                        if (!existing.contains(name)) {
                            missing.add(new NewTopic(name, partitions, replication)
                                    .configs(Map.of("min.insync.replicas", Integer.toString(minInsync))));
                        }
                    });
                    if (!missing.isEmpty()) {
                        for (var e : admin.createTopics(missing).values().entrySet()) {
                            try {
                                e.getValue().get();
                                created.add(e.getKey());
                            } catch (ExecutionException ex) {
                                if (!(ex.getCause() instanceof TopicExistsException)) {
                                    throw ex;
                                }
                            }
                        }
                    }
                    Map<String, TopicDescription> described = admin.describeTopics(topics.keySet())
                            .allTopicNames().get();
                    boolean ready = true;
                    for (var e : described.entrySet()) {
                        int expected = topics.get(e.getKey());
                        List<TopicPartitionInfo> parts = e.getValue().partitions();
                        if (parts.size() != expected) {
                            System.err.println("WARNING: topic " + e.getKey() + " has " + parts.size()
                                    + " partitions, expected " + expected);
                        }
                        for (TopicPartitionInfo p : parts) {
                            if (p.leader() == null || p.leader().isEmpty() || p.isr().size() < p.replicas().size()) {
                                ready = false;
                            }
                        }
                    }
                    if (ready) {
                        String identities = "";
                        if (usersFile != null) {
                            identities += ", SCRAM users " + LocalKafkaIdentities.applyUsers(admin, usersFile);
                        }
                        if (aclsFile != null) {
                            identities += ", ACLs " + LocalKafkaIdentities.applyAcls(admin, aclsFile);
                        }
                        System.out.println("topics ready (" + topics.size() + ", created " + created.size()
                                + (nodes > 1 ? ", " + nodes + " brokers, replication " + replication
                                        + ", min.insync.replicas " + minInsync : "")
                                + ")" + identities + " in " + (System.currentTimeMillis() - start) + " ms");
                        return 0;
                    }
                } catch (ExecutionException e) {
                    if (System.currentTimeMillis() >= deadline) {
                        System.err.println("creating topics failed: " + e.getCause());
                        return 2;
                    }
                }
                if (System.currentTimeMillis() >= deadline) {
                    System.err.println("topic partitions have no leader or not all replicas in sync after " + timeoutMs / 1000 + " s");
                    return 2;
                }
                Thread.sleep(Duration.ofMillis(100).toMillis());
            }
        }
    }
}
