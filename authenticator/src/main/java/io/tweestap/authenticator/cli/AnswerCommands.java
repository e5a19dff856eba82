package io.tweestap.authenticator.cli;

import io.tweestap.authenticator.AnswerResult;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.authenticator.SignInRequest;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/** The commands that answer one request at a time: {@code pending}, {@code approve}, {@code deny}, {@code report-fraud}. */
final class AnswerCommands {

    private final PrintStream out;

    AnswerCommands(PrintStream out) {
        this.out = out;
    }

    int pending(Authenticator authenticator, CommandLine line, Screen screen) {
        LinkedAccount account = AccountCommands.chosen(authenticator.store(), line, screen);
        List<SignInRequest> requests = authenticator.pending(account);
        if (requests.isEmpty()) {
            out.println(screen.say("nothingPending"));
            return 1;
        }
        Instant now = Instant.now();
        for (SignInRequest request : requests) {
            out.println(screen.request(request, now));
            out.println();
        }
        return 0;
    }

    int answer(Authenticator authenticator, CommandLine line, Screen screen, Decision decision) {
        LinkedAccount account = AccountCommands.chosen(authenticator.store(), line, screen);
        String number = line.options().get("number");
        if (decision == Decision.APPROVE && (number == null || number.isBlank())) {
            throw new Refusal(screen.say("numberNeeded"), 2);
        }
        SignInRequest request = chosenRequest(authenticator.pending(account), line.argument(0), screen);
        out.println(screen.request(request, Instant.now()));
        return report(authenticator.answer(account, request, decision, number), decision, screen);
    }

    private static SignInRequest chosenRequest(List<SignInRequest> waiting, String hint, Screen screen) {
        if (waiting.isEmpty()) {
            throw new Refusal(screen.say("nothingPending"), 1);
        }
        if (hint == null) {
            if (waiting.size() > 1) {
                throw new Refusal(screen.say("whichRequest"), 2);
            }
            return waiting.get(0);
        }
        List<SignInRequest> matching = waiting.stream().filter(r -> r.challengeId().startsWith(hint)).toList();
        if (matching.size() != 1) {
            throw new Refusal(screen.say("unknownRequest", hint), 1);
        }
        return matching.get(0);
    }

    /** Says how the service took the answer. @return the exit code: 1 only for an approval that did not go through */
    int report(AnswerResult result, Decision decision, Screen screen) {
        if (result.approved()) {
            out.println(screen.say("approved"));
            return 0;
        }
        out.println(decision == Decision.REPORT_FRAUD ? screen.say("fraudReported")
                : screen.say("denied", result.reason() == null ? result.status() : result.reason()));
        return decision == Decision.APPROVE ? 1 : 0;
    }
}
