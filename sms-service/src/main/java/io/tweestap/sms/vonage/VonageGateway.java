package io.tweestap.sms.vonage;

import com.vonage.client.HttpConfig;
import com.vonage.client.VonageApiResponseException;
import com.vonage.client.VonageClient;
import com.vonage.client.VonageClientException;
import com.vonage.client.sms.MessageStatus;
import com.vonage.client.sms.SmsSubmissionResponse;
import com.vonage.client.sms.SmsSubmissionResponseMessage;
import com.vonage.client.sms.messages.TextMessage;
import com.vonage.client.voice.Call;
import com.vonage.client.voice.CallEvent;
import com.vonage.client.voice.PhoneEndpoint;
import com.vonage.client.voice.TextToSpeechLanguage;
import com.vonage.client.voice.ncco.EventMethod;
import com.vonage.client.voice.ncco.TalkAction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tweestap.sms.config.VonageSettings;
import io.tweestap.sms.domain.Language;
import io.tweestap.sms.domain.SmsCode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends codes through the real Vonage SDK. The SDK blocks on HTTP, so every call runs on a worker
 * thread and is never part of a database transaction. Log lines name the send (our client
 * reference) and never the number or the code.
 */
@ApplicationScoped
public class VonageGateway {

    private static final Logger LOG = Logger.getLogger(VonageGateway.class);

    @Inject
    VonageSettings vonage;

    private VonageClient client;
    private SendRate rate;

    @PostConstruct
    void connect() {
        HttpConfig.Builder http = HttpConfig.builder().timeoutMillis((int) vonage.timeout().toMillis());
        vonage.baseUri().ifPresent(http::baseUri);
        VonageClient.Builder builder = VonageClient.builder()
                .apiKey(vonage.apiKey())
                .apiSecret(vonage.apiSecret())
                .httpConfig(http.build());
        Optional<Path> privateKey = vonage.privateKeyPath().map(Path::of).filter(Files::isReadable);
        if (vonage.applicationId().isPresent() && privateKey.isPresent()) {
            builder.applicationId(vonage.applicationId().get()).privateKeyPath(privateKey.get());
        } else {
            // SMS still works; a service that cannot call is better than one that does not start.
            LOG.warn("No readable Vonage application id and private key configured: voice calls will fail");
        }
        client = builder.build();
        rate = new SendRate(vonage.requestsPerSecond(), System::nanoTime);
    }

    /**
     * For the warm-up: builds the client (on first use of this bean) and both kinds of request as a
     * send would, without sending anything.
     */
    public void prepare(Language language, SmsCode code) {
        new TextMessage(vonage.smsFrom(), "31600000000", CodeMessages.smsText(language, code))
                .setClientReference(UUID.randomUUID().toString());
        TalkAction.builder(CodeMessages.spokenText(language, code)).language(TextToSpeechLanguage.DUTCH).build();
        client.getSmsClient();
        client.getVoiceClient();
    }

    public Uni<SendResult> sendSms(UUID clientRef, String msisdn, Language language, SmsCode code) {
        return paced(() -> submitSms(clientRef, msisdn, language, code));
    }

    public Uni<SendResult> call(UUID clientRef, String msisdn, Language language, SmsCode code) {
        return paced(() -> placeCall(clientRef, msisdn, language, code));
    }

    /**
     * Waits for a send slot, runs the blocking SDK call on a worker thread, and hands the answer back
     * to the caller's Vert.x context, where the reactive Hibernate session of the next step must run.
     */
    private Uni<SendResult> paced(Supplier<SendResult> blockingSend) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            // Whole milliseconds, rounded up: Quarkus runs Mutiny's delays on Vert.x timers, which refuse
            // anything under 1 ms (IllegalArgumentException) — and a sub-millisecond wait is common under bursts.
            long waitMillis = (rate.reserve().toNanos() + 999_999L) / 1_000_000L;
            Uni<Void> slot = Uni.createFrom().voidItem();
            if (waitMillis > 0) {
                slot = slot.onItem().delayIt().by(Duration.ofMillis(waitMillis));
            }
            Uni<SendResult> sent = slot
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(ignored -> blockingSend.get());
            return caller == null ? sent : sent.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    private SendResult submitSms(UUID clientRef, String msisdn, Language language, SmsCode code) {
        TextMessage message = new TextMessage(vonage.smsFrom(), msisdn,
                CodeMessages.smsText(language, code));
        message.setClientReference(clientRef.toString());
        message.setStatusReportRequired(true);
        vonage.deliveryReceiptUrl().ifPresent(message::setCallbackUrl);
        // A code is useless after its lifetime: tell carriers not to deliver it later than that.
        message.setTimeToLive(code.lifetime().toMillis());
        try {
            SmsSubmissionResponse response = client.getSmsClient().submitMessage(message);
            SmsSubmissionResponseMessage first = response.getMessages().get(0);
            if (first.getStatus() == MessageStatus.OK) {
                LOG.infof("SMS %s accepted by Vonage as %s", clientRef, first.getId());
                return new SendResult.Accepted(first.getId());
            }
            if (first.getStatus() == MessageStatus.THROTTLED) {
                LOG.warnf("SMS %s throttled by Vonage", clientRef);
                return new SendResult.Throttled(first.getErrorText());
            }
            LOG.warnf("SMS %s refused by Vonage: status %s (%s)", clientRef, first.getStatus(), first.getErrorText());
            return new SendResult.Failed("vonage-status-" + first.getStatus().getMessageStatus());
        } catch (VonageClientException e) {
            return unreachedOrUnanswered("SMS", clientRef, e);
        }
    }

    private SendResult placeCall(UUID clientRef, String msisdn, Language language, SmsCode code) {
        Call.Builder call = Call.builder()
                .to(new PhoneEndpoint(msisdn))
                .from(vonage.voiceFrom())
                .ncco(TalkAction.builder(CodeMessages.spokenText(language, code))
                        .language(language == Language.NL ? TextToSpeechLanguage.DUTCH
                                : TextToSpeechLanguage.UNITED_KINGDOM_ENGLISH)
                        .build());
        // Without it the call's events go to the Vonage application's event URL, which may be another system's.
        vonage.voiceEventUrl().ifPresent(url -> call.eventUrl(url).eventMethod(EventMethod.POST));
        try {
            CallEvent placed = client.getVoiceClient().createCall(call.build());
            LOG.infof("Call %s placed by Vonage as %s", clientRef, placed.getUuid());
            return new SendResult.Accepted(placed.getUuid());
        } catch (VonageApiResponseException e) {
            if (e.getStatusCode() == 429) {
                LOG.warnf("Call %s throttled by Vonage", clientRef);
                return new SendResult.Throttled(e.getTitle());
            }
            LOG.warnf("Call %s refused by Vonage: HTTP %d %s", clientRef, e.getStatusCode(), e.getTitle());
            return new SendResult.Failed("vonage-http-" + e.getStatusCode());
        } catch (VonageClientException e) {
            return unreachedOrUnanswered("Call", clientRef, e);
        }
    }

    /**
     * Whether the request can have reached Vonage. A connection that was never made (refused, DNS,
     * connect timeout, no pooled connection in time) sent nothing: failed, and a new try is safe. Any
     * other I/O failure — above all the read timeout of a slow answer — came after the request was
     * written: Vonage may be sending the code right now (decision 0078). The SDK's HTTP client never
     * retries a POST it has sent, so this one request is all that went out.
     */
    static SendResult unreachedOrUnanswered(String what, UUID clientRef, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof org.apache.http.conn.ConnectTimeoutException
                    || t instanceof org.apache.http.conn.ConnectionPoolTimeoutException) {
                LOG.warnf("%s %s could not be sent: Vonage unreachable (%s)", what, clientRef, t.getClass().getSimpleName());
                return new SendResult.Failed("vonage-unreachable");
            }
        }
        LOG.warnf("%s %s went to Vonage without an answer in time (%s): it may have gone out",
                what, clientRef, failure.getCause() == null ? failure.getClass().getSimpleName() : failure.getCause().getClass().getSimpleName());
        return new SendResult.Unanswered("vonage-no-answer");
    }
}
