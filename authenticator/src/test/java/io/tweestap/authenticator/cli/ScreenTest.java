package io.tweestap.authenticator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tweestap.authenticator.PushFrame;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The notices a push frame puts on the screen, read from the frames notification-service writes. */
class ScreenTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void aTemporaryAccessPassNoticeSaysWhetherItWasIssuedOrSpentInBothLanguages() throws Exception {
        PushFrame issued = JSON.readValue("{\"pushId\":\"p-1\",\"type\":\"access-pass\",\"passId\":\"a-1\","
                + "\"action\":\"issued\",\"at\":\"2026-12-02T10:00:00Z\",\"expiresAt\":\"2026-12-02T11:00:00Z\"}", PushFrame.class);
        PushFrame spent = JSON.readValue("{\"pushId\":\"p-2\",\"type\":\"access-pass\",\"passId\":\"a-1\","
                + "\"action\":\"redeemed\",\"at\":\"2026-12-02T10:05:00Z\"}", PushFrame.class);
        Screen english = new Screen(Locale.ROOT);
        Screen dutch = new Screen(Locale.forLanguageTag("nl"));

        assertThat(english.push(issued)).contains("issued a temporary access pass").contains("help desk");
        assertThat(english.push(spent)).contains("temporary access pass was used to set up a device");
        assertThat(dutch.push(issued)).contains("tijdelijke toegangspas voor uw account uitgegeven");
        assertThat(dutch.push(spent)).contains("met een tijdelijke toegangspas is een apparaat");
        assertThat(english.push(JSON.readValue("{\"type\":\"something-new\"}", PushFrame.class)))
                .as("a frame type this app does not know is shown by name").isEqualTo("something-new");
    }
}
