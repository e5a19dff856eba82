package io.tweestap.sms.domain;

import static io.tweestap.sms.domain.CodeSend.Status.DELIVERED;
import static io.tweestap.sms.domain.CodeSend.Status.PENDING;
import static io.tweestap.sms.domain.CodeSend.Status.REJECTED;
import static io.tweestap.sms.domain.CodeSend.Status.SUBMITTED;
import static io.tweestap.sms.domain.CodeSend.Status.UNCONFIRMED;
import static io.tweestap.sms.domain.CodeSend.Status.UNDELIVERED;
import static io.tweestap.sms.domain.SendStates.Answer.ACCEPTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.tweestap.sms.domain.CodeSend.Status;
import io.tweestap.sms.domain.SendStates.Answer;
import io.tweestap.sms.domain.SendStates.Step;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The whole table of a send's life: every state against every answer. */
class SendStatesTest {

    private static final Set<Status> FINAL = EnumSet.of(DELIVERED, UNDELIVERED, REJECTED);

    @Test
    void theFirstFinalStateWins() {
        for (Status state : FINAL) {
            for (Answer answer : Answer.values()) {
                assertThat(SendStates.after(state, answer)).as("%s after %s", state, answer).isEqualTo(new Step(state, false));
            }
            assertThat(SendStates.open(state)).isFalse();
        }
    }

    @Test
    void theHappyPathGoesPendingSubmittedDelivered() {
        assertThat(SendStates.after(PENDING, ACCEPTED)).isEqualTo(new Step(SUBMITTED, false));
        assertThat(SendStates.after(SUBMITTED, Answer.DELIVERED)).isEqualTo(new Step(DELIVERED, false));
        // A receipt can overtake the recorded answer to the send call; the late answer changes nothing.
        assertThat(SendStates.after(PENDING, Answer.DELIVERED)).isEqualTo(new Step(DELIVERED, false));
    }

    @Test
    void aFailureIsReportedOncePerSend() {
        // Unanswered, then swept or answered unanswered again, then the receipt says undelivered: one report.
        List<Boolean> reports = new ArrayList<>();
        Status state = PENDING;
        for (Answer answer : List.of(Answer.NO_ANSWER, Answer.NO_ANSWER, Answer.UNDELIVERED, Answer.UNDELIVERED)) {
            Step step = SendStates.after(state, answer);
            reports.add(step.reportFailure());
            state = step.next();
        }
        assertThat(reports).containsExactly(true, false, false, false);
        assertThat(state).isEqualTo(UNDELIVERED);

        assertThat(SendStates.after(PENDING, Answer.REFUSED)).isEqualTo(new Step(REJECTED, true));
        assertThat(SendStates.after(UNCONFIRMED, Answer.REFUSED)).isEqualTo(new Step(REJECTED, false));
        assertThat(SendStates.after(SUBMITTED, Answer.UNDELIVERED)).isEqualTo(new Step(UNDELIVERED, true));
    }

    @Test
    void anUnconfirmedSendIsStillSettledByALateAnswer() {
        assertThat(SendStates.open(UNCONFIRMED)).isTrue();
        assertThat(SendStates.after(UNCONFIRMED, ACCEPTED)).isEqualTo(new Step(SUBMITTED, false));
        assertThat(SendStates.after(UNCONFIRMED, Answer.DELIVERED)).isEqualTo(new Step(DELIVERED, false));
    }

    @Test
    void onlyAPendingSendIsSweptAndAnAcceptedOneIsNotRefusedLater() {
        for (Status state : Status.values()) {
            Step step = SendStates.after(state, Answer.NO_ANSWER);
            assertThat(step).as(state.name()).isEqualTo(state == PENDING ? new Step(UNCONFIRMED, true) : new Step(state, false));
        }
        // Vonage said yes once; a refusal recorded after it (a retried call's answer) does not undo that.
        assertThat(SendStates.after(SUBMITTED, Answer.REFUSED)).isEqualTo(new Step(SUBMITTED, false));
    }

    @Test
    void aSendKeepsTheReasonOfTheFailureThatSettledIt() {
        CodeSend send = new CodeSend();
        send.status = PENDING;
        assertThat(send.take(Answer.NO_ANSWER, "timeout")).isTrue();
        assertThat(send.failureReason).isEqualTo("timeout");
        assertThat(send.take(Answer.UNDELIVERED, "failed (error 5)")).isFalse();
        assertThat(send.status).isEqualTo(UNDELIVERED);
        assertThat(send.failureReason).isEqualTo("failed (error 5)");
        assertThat(send.take(Answer.DELIVERED, null)).isFalse();
        assertThat(send.status).isEqualTo(UNDELIVERED);
    }
}
