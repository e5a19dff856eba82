package io.tweestap.authenticator;

import io.tweestap.devicekeys.DeviceKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AccountStoreTest {

    @TempDir
    Path home;

    @Test
    void keepsTheKeySoItStillSignsAfterARestart() throws Exception {
        AccountStore store = new AccountStore(home.resolve("store"));
        DeviceKeyPair keys = DeviceKeyPair.generate();
        store.save(account("3f2a9c1e-0000-4000-8000-000000000001", "anna@example.org", keys));

        LinkedAccount reloaded = new AccountStore(home.resolve("store")).find(null).orElseThrow();
        String signature = reloaded.keys().sign("tweestap-answer-v1\nstatement");
        assertThat(keys.deviceKey().verifies("tweestap-answer-v1\nstatement", signature)).isTrue();
        assertThat(reloaded.notificationsUrl()).isEqualTo(URI.create("http://127.0.0.1:8083"));
    }

    @Test
    void onlyItsOwnerCanReadTheKeys() throws Exception {
        AccountStore store = new AccountStore(home.resolve("store"));
        LinkedAccount account = account("3f2a9c1e-0000-4000-8000-000000000001", "anna@example.org", DeviceKeyPair.generate());
        store.save(account);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("store")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                home.resolve("store").resolve(account.deviceId() + ".json")))).isEqualTo("rw-------");
        assertThat(account.toString()).doesNotContain(account.privateKey());
    }

    @Test
    void findsAnAccountByDeviceStartOrUser() {
        AccountStore store = new AccountStore(home);
        store.save(account("3f2a9c1e-0000-4000-8000-000000000001", "anna@example.org", DeviceKeyPair.generate()));
        store.save(account("7b4d0000-0000-4000-8000-000000000002", "bram@example.org", DeviceKeyPair.generate()));

        assertThat(store.find(null)).isEmpty();
        assertThat(store.find("7b4d")).map(LinkedAccount::userId).contains("bram@example.org");
        assertThat(store.find("ANNA@example.org")).map(LinkedAccount::deviceId).contains("3f2a9c1e-0000-4000-8000-000000000001");
        assertThat(store.find("nobody")).isEmpty();

        store.remove(store.find("bram@example.org").orElseThrow());
        assertThat(store.all()).extracting(LinkedAccount::userId).containsExactly("anna@example.org");
    }

    private static LinkedAccount account(String deviceId, String userId, DeviceKeyPair keys) {
        return new LinkedAccount(deviceId, "acme", userId, "Anna's laptop", Instant.now(),
                URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082"), URI.create("http://127.0.0.1:8083"),
                keys.publicKeyBase64(), keys.privateKeyBase64());
    }
}
