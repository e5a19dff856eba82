package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlainAnswersTest {

    @Consumes(MediaType.APPLICATION_JSON)
    public static class Receipts {
        @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
        public void receive() {
        }

        public void other() {
        }
    }

    @Test
    void a415SaysWhichMediaTypeToSend() throws Exception {
        Problem problem = PlainAnswers.of(new NotSupportedException(), "POST", "text/plain; charset=ISO-8859-1", null,
                PlainAnswers.consumes(Receipts.class.getMethod("other")));

        assertThat(problem.status()).isEqualTo(415);
        assertThat(problem.title()).isEqualTo("Unsupported Media Type");
        assertThat(problem.detail()).isEqualTo("This operation reads a body sent as application/json, not as text/plain");
        assertThat(problem.type()).hasToString("https://tweestap.io/problems/unsupported-media-type");
    }

    @Test
    void a415NamesEveryMediaTypeTheOperationReadsAndAMissingContentType() throws Exception {
        List<String> consumes = PlainAnswers.consumes(Receipts.class.getMethod("receive"));

        assertThat(PlainAnswers.of(new NotSupportedException(), "POST", "text/xml", null, consumes).detail())
                .isEqualTo("This operation reads a body sent as application/json or application/x-www-form-urlencoded,"
                        + " not as text/xml");
        assertThat(PlainAnswers.of(new NotSupportedException(), "POST", null, null, List.of()).detail())
                .isEqualTo("The request's body has no Content-Type; send it as application/json");
    }

    @Test
    void noAnswerRepeatsTheBareStatusLine() {
        Problem notAllowed = PlainAnswers.of(new NotAllowedException("GET", new String[] {"POST"}), "DELETE", null, "GET, POST", List.of());
        Problem notFound = PlainAnswers.of(new NotFoundException(new IllegalArgumentException("Invalid UUID string")),
                "GET", null, null, List.of());

        assertThat(notAllowed.detail()).isEqualTo("This path does not answer DELETE; it answers GET, POST");
        assertThat(notFound.detail()).isEqualTo("No resource at this path");
        assertThat(List.of(notAllowed.detail(), notFound.detail())).noneMatch(detail -> detail.startsWith("HTTP "));
    }
}
