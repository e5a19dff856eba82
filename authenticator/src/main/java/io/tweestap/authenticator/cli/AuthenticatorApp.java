package io.tweestap.authenticator.cli;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.ServiceProblem;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The authenticator as a command-line program, for people trying Tweestap without a phone app and
 * for scripts (the demo). Exit codes: 0 done, 1 the service said no or nothing to answer, 2 usage.
 * This class picks the command and turns what went wrong into a message and an exit code; the
 * commands' work is in {@link AccountCommands}, {@link AnswerCommands} and {@link ListenCommand}.
 */
public final class AuthenticatorApp {

    private final PrintStream out;
    private final PrintStream err;
    private final AccountCommands accounts;
    private final AnswerCommands answers;
    private final ListenCommand listening;

    AuthenticatorApp(PrintStream out, PrintStream err, BufferedReader in) {
        this.out = out;
        this.err = err;
        this.accounts = new AccountCommands(out);
        this.answers = new AnswerCommands(out);
        this.listening = new ListenCommand(out, in, answers);
    }

    public static void main(String[] args) {
        System.exit(new AuthenticatorApp(System.out, System.err,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))).run(args));
    }

    int run(String[] args) {
        CommandLine line = CommandLine.parse(args);
        Screen screen = Screen.forLanguage(line.options().get("lang"));
        AccountStore store = line.options().containsKey("store")
                ? new AccountStore(Path.of(line.options().get("store"))) : AccountStore.standard();
        Authenticator authenticator = new Authenticator(store);
        try {
            return switch (line.command()) {
                case "activate" -> accounts.activate(authenticator, line, screen);
                case "accounts" -> accounts.accounts(store, screen);
                case "pending" -> answers.pending(authenticator, line, screen);
                case "approve" -> answers.answer(authenticator, line, screen, Decision.APPROVE);
                case "deny" -> answers.answer(authenticator, line, screen, Decision.DENY);
                case "report-fraud" -> answers.answer(authenticator, line, screen, Decision.REPORT_FRAUD);
                case "listen" -> listening.listen(authenticator, line, screen);
                case "remove" -> accounts.remove(store, line, screen);
                case "help", "--help", "-h" -> {
                    out.println(screen.say("usage"));
                    yield 0;
                }
                default -> {
                    err.println(screen.say("usage"));
                    yield 2;
                }
            };
        } catch (Refusal refusal) {
            err.println(refusal.getMessage());
            return refusal.exitCode;
        } catch (ServiceProblem problem) {
            err.println(screen.problem(problem));
            return 1;
        } catch (UncheckedIOException | IOException e) {
            err.println(screen.say("unreachable", e.getMessage()));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }
}
