package io.tweestap.authenticator.cli;

import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.authenticator.PushFrame;
import io.tweestap.authenticator.PushStream;
import io.tweestap.authenticator.ServiceProblem;
import io.tweestap.authenticator.SignInRequest;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The {@code listen} command: the person answers each sign-in as its push arrives. */
final class ListenCommand {

    private final PrintStream out;
    private final BufferedReader in;
    private final AnswerCommands answers;

    ListenCommand(PrintStream out, BufferedReader in, AnswerCommands answers) {
        this.out = out;
        this.in = in;
        this.answers = answers;
    }

    /**
     * Waits for pushes and asks the person for each sign-in. Pushes arrive on the socket's thread and
     * queue here, so answering one never blocks the next from arriving. Requests already waiting when
     * it starts are asked first (a phone opened after a missed push). A request the stream says is
     * closed (cancelled, answered elsewhere, expired) is not asked.
     */
    int listen(Authenticator authenticator, CommandLine line, Screen screen) throws IOException {
        LinkedAccount account = AccountCommands.chosen(authenticator.store(), line, screen);
        BlockingQueue<PushFrame> frames = new LinkedBlockingQueue<>();
        try (PushStream stream = authenticator.listen(account, frames::add)) {
            out.println(screen.say("listening", account.label()));
            Set<String> asked = new HashSet<>();
            for (SignInRequest waiting : stream.open(authenticator.pending(account))) {
                asked.add(waiting.challengeId());
                if (!ask(authenticator, account, waiting, screen)) {
                    return 0;
                }
            }
            while (stream.isOpen()) {
                PushFrame frame = frames.poll(1, TimeUnit.SECONDS);
                if (frame == null) {
                    continue;
                }
                if (!frame.isChallenge()) {
                    out.println(screen.push(frame));
                    continue;
                }
                if (stream.isClosed(frame.challengeId()) || !asked.add(frame.challengeId())) {
                    continue;
                }
                // The push carries all an answer needs. From a service that did not send the server nonce,
                // the request comes from the signed list, without what the stream has said is closed meanwhile.
                SignInRequest request = frame.request().orElseGet(() -> stream.open(authenticator.pending(account)).stream()
                        .filter(r -> r.challengeId().equals(frame.challengeId())).findFirst().orElse(null));
                if (request != null && !ask(authenticator, account, request, screen)) {
                    return 0;
                }
            }
            out.println(screen.say("streamClosed", stream.closeReason()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** @return false when the person's input has ended */
    private boolean ask(Authenticator authenticator, LinkedAccount account, SignInRequest request, Screen screen) throws IOException {
        out.println();
        out.println(screen.request(request, Instant.now()));
        out.print(screen.say("typeNumber"));
        out.flush();
        String typed = in.readLine();
        if (typed == null) {
            return false;
        }
        typed = typed.strip();
        Decision decision = switch (typed) {
            case "n", "N" -> Decision.DENY;
            case "!" -> Decision.REPORT_FRAUD;
            default -> Decision.APPROVE;
        };
        try {
            answers.report(authenticator.answer(account, request, decision, decision == Decision.APPROVE ? typed : null), decision, screen);
        } catch (ServiceProblem problem) {
            out.println(screen.problem(problem));
        }
        return true;
    }
}
