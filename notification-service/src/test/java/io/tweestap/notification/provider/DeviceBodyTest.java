package io.tweestap.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What counts as a device's JSON object, shared by the token and the subscription a device registers. */
class DeviceBodyTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anObjectIsRead() {
        assertThat(DeviceBody.object(bytes("{\"token\":\"abc\"}")).path("token").asText()).isEqualTo("abc");
    }

    @Test
    void noBodyIsNone() {
        assertThat(DeviceBody.object(null)).isNull();
        assertThat(DeviceBody.object(new byte[0])).isNull();
    }

    @Test
    void whatIsNotJsonIsNone() {
        assertThat(DeviceBody.object(bytes("token=abc"))).isNull();
        assertThat(DeviceBody.object(bytes("{\"token\":"))).isNull();
    }

    @Test
    void jsonThatIsNotAnObjectIsNone() {
        assertThat(DeviceBody.object(bytes("[\"abc\"]"))).isNull();
        assertThat(DeviceBody.object(bytes("\"abc\""))).isNull();
        assertThat(DeviceBody.object(bytes("null"))).isNull();
    }
}
