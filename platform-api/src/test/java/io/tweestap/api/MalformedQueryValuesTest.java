package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MalformedQueryValuesTest {

    enum Colour { RED, GREEN }

    public static class Operations {
        public void poll(@PathParam("challengeId") UUID challengeId, @QueryParam("wait") int waitSeconds,
                @QueryParam("after") UUID after, @QueryParam("colour") Colour colour, @QueryParam("q") String text) {
        }
    }

    private static Method poll() throws Exception {
        return Operations.class.getMethod("poll", UUID.class, int.class, UUID.class, Colour.class, String.class);
    }

    @Test
    void aWordWhereANumberBelongsIsNamed() throws Exception {
        assertThat(MalformedQueryValues.find(poll(), Map.of("wait", List.of("abc"))))
                .contains(new Problem.Violation("wait", "must be a whole number"));
        assertThat(MalformedQueryValues.find(poll(), Map.of("wait", List.of("99999999999"))))
                .contains(new Problem.Violation("wait", "must be a whole number"));
    }

    @Test
    void aMalformedUuidOrAnUnknownConstantIsNamed() throws Exception {
        assertThat(MalformedQueryValues.find(poll(), Map.of("wait", List.of("5"), "after", List.of("nope"))))
                .contains(new Problem.Violation("after", "must be a UUID"));
        assertThat(MalformedQueryValues.find(poll(), Map.of("colour", List.of("BLUE"))))
                .contains(new Problem.Violation("colour", "must be one of RED, GREEN"));
    }

    @Test
    void valuesThatReadAndParametersNotInTheQueryAreNotBlamed() throws Exception {
        assertThat(MalformedQueryValues.find(poll(), Map.of("wait", List.of(" 5 "), "colour", List.of("RED"),
                "q", List.of("anything"), "challengeId", List.of("not-a-uuid")))).isEmpty();
        assertThat(MalformedQueryValues.find(null, Map.of("wait", List.of("abc")))).isEmpty();
    }
}
