package io.tweestap.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;

import com.vonage.client.VonageMethodFailedException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.UUID;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

/** Decision 0078: what an SDK failure says about whether the request reached Vonage. */
class UnansweredSendsTest {

    @Test
    void aConnectionThatWasNeverMadeSentNothing() {
        for (Exception notConnected : new Exception[] {new ConnectException("Connection refused"),
                new ConnectTimeoutException("connect timed out"), new UnknownHostException("rest.nexmo.com")}) {
            assertThat(VonageGateway.unreachedOrUnanswered("SMS", UUID.randomUUID(),
                    new VonageMethodFailedException("Something went wrong", notConnected)))
                    .as(notConnected.toString()).isEqualTo(new SendResult.Failed("vonage-unreachable"));
        }
    }

    @Test
    void aFailureAfterTheRequestWentOutMayHaveSentTheCode() {
        for (Exception afterSending : new Exception[] {new SocketTimeoutException("Read timed out"),
                new NoHttpResponseException("rest.nexmo.com failed to respond"), new SocketException("Connection reset")}) {
            assertThat(VonageGateway.unreachedOrUnanswered("SMS", UUID.randomUUID(),
                    new VonageMethodFailedException("Something went wrong", afterSending)))
                    .as(afterSending.toString()).isEqualTo(new SendResult.Unanswered("vonage-no-answer"));
        }
    }
}
