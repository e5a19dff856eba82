import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The identities of a secured local broker (decision 0063), applied by {@link LocalKafkaAdmin} on
 * every start: each user of the users file gets its SCRAM-SHA-512 password, and the broker's ACLs
 * become exactly those of deploy/kafka-acls (bindings not in the file are deleted, so an edited
 * file takes effect on the next start).
 */
final class LocalKafkaIdentities {

    private static final int SCRAM_ITERATIONS = 8192;

    private LocalKafkaIdentities() {
    }

    /** Sets every user's password (upsert: also for users added to the file after formatting). */
    static int applyUsers(Admin admin, Path usersFile) throws IOException, InterruptedException, ExecutionException {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        for (String line : Files.readAllLines(usersFile)) {
            int eq = line.indexOf('=');
            if (line.isBlank() || line.startsWith("#") || eq < 1) {
                continue;
            }
            upserts.add(new UserScramCredentialUpsertion(line.substring(0, eq),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), line.substring(eq + 1)));
        }
        admin.alterUserScramCredentials(upserts).all().get();
        return upserts.size();
    }

    /** Makes the broker's ACLs equal to the file's; returns "N (created c, deleted d)". */
    static String applyAcls(Admin admin, Path aclsFile) throws IOException, InterruptedException, ExecutionException {
        Set<AclBinding> wanted = read(aclsFile);
        Collection<AclBinding> present = admin.describeAcls(AclBindingFilter.ANY).values().get();
        List<AclBindingFilter> stale = new ArrayList<>();
        Set<AclBinding> missing = new LinkedHashSet<>(wanted);
        for (AclBinding binding : present) {
            if (!missing.remove(binding)) {
                stale.add(binding.toFilter());
            }
        }
        if (!stale.isEmpty()) {
            admin.deleteAcls(stale).all().get();
        }
        if (!missing.isEmpty()) {
            admin.createAcls(missing).all().get();
        }
        return wanted.size() + " (created " + missing.size() + ", deleted " + stale.size() + ")";
    }

    /** Lines "principal operation resource name pattern"; '#' starts a comment. */
    static Set<AclBinding> read(Path aclsFile) throws IOException {
        Set<AclBinding> bindings = new HashSet<>();
        int number = 0;
        for (String raw : Files.readAllLines(aclsFile)) {
            number++;
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 5) {
                throw new IllegalArgumentException(aclsFile + ":" + number + ": expected 5 fields, got: " + raw);
            }
            ResourceType type = ResourceType.fromString(f[2]);
            PatternType pattern = PatternType.fromString(f[4]);
            if (type == ResourceType.UNKNOWN || type == ResourceType.ANY || !pattern.isSpecific()) {
                throw new IllegalArgumentException(aclsFile + ":" + number + ": unknown resource or pattern: " + raw);
            }
            bindings.add(new AclBinding(new ResourcePattern(type, f[3], pattern),
                    new AccessControlEntry("User:" + f[0], "*", operation(f[1], aclsFile, number), AclPermissionType.ALLOW)));
        }
        return bindings;
    }

    private static AclOperation operation(String name, Path file, int line) {
        AclOperation operation = AclOperation.fromString(name.toUpperCase(Locale.ROOT));
        if (operation == AclOperation.UNKNOWN || operation == AclOperation.ANY || operation == AclOperation.ALL) {
            throw new IllegalArgumentException(file + ":" + line + ": operation " + name + " is not allowed here");
        }
        return operation;
    }
}
