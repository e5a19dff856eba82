package io.tweestap.authenticator;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The authenticator's key store: one JSON file per linked account in a directory only its owner
 * can read (a phone keeps this in its secure storage; on a computer, file permissions are what we have).
 */
public final class AccountStore {

    private final Path directory;

    public AccountStore(Path directory) {
        this.directory = directory;
    }

    /** {@code $TWEESTAP_AUTHENTICATOR_HOME}, else {@code ~/.tweestap/authenticator}. */
    public static AccountStore standard() {
        String home = System.getenv("TWEESTAP_AUTHENTICATOR_HOME");
        return new AccountStore(home != null && !home.isBlank()
                ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".tweestap", "authenticator"));
    }

    public Path directory() {
        return directory;
    }

    public void save(LinkedAccount account) {
        try {
            createPrivateDirectory();
            Path target = directory.resolve(account.deviceId() + ".json");
            Path temporary = Files.createTempFile(directory, ".account", ".tmp");
            ownerOnly(temporary);
            Files.write(temporary, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(account));
            // A half-written key file would lose the account; the rename is atomic.
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the account in " + directory, e);
        }
    }

    public List<LinkedAccount> all() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<LinkedAccount> accounts = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                accounts.add(Json.MAPPER.readValue(file.toFile(), LinkedAccount.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the accounts in " + directory, e);
        }
        accounts.sort(Comparator.comparing(LinkedAccount::registeredAt));
        return accounts;
    }

    /** By device id, user id or a unique start of the device id; the only account when {@code hint} is null. */
    public Optional<LinkedAccount> find(String hint) {
        List<LinkedAccount> accounts = all();
        if (hint == null) {
            return accounts.size() == 1 ? Optional.of(accounts.get(0)) : Optional.empty();
        }
        List<LinkedAccount> matching = accounts.stream()
                .filter(a -> a.deviceId().equals(hint) || a.userId().equalsIgnoreCase(hint) || a.deviceId().startsWith(hint))
                .toList();
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }

    public boolean remove(LinkedAccount account) {
        try {
            return Files.deleteIfExists(directory.resolve(account.deviceId() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createPrivateDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            try {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the user's profile directory is already private.
            }
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // see createPrivateDirectory
        }
    }
}
