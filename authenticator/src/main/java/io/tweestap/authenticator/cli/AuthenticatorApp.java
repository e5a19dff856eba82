package io.tweestap.authenticator.cli;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.ActivationLink;
import io.tweestap.authenticator.AnswerResult;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.authenticator.PushFrame;
import io.tweestap.authenticator.PushStream;
import io.tweestap.authenticator.QrImage;
import io.tweestap.authenticator.ServiceProblem;
import io.tweestap.authenticator.SignInRequest;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The authenticator as a command-line program, for people trying Tweestap without a phone app and
 * for scripts (the demo). Exit codes: 0 done, 1 the service said no or nothing to answer, 2 usage.
 */
public final class AuthenticatorApp {

    private final PrintStream out;
    private final PrintStream err;
    private final BufferedReader in;

    AuthenticatorApp(PrintStream out, PrintStream err, BufferedReader in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    public static void main(String[] args) {
        System.exit(new AuthenticatorApp(System.out, System.err,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))).run(args));
    }

    /** Parsed command line: the command, its positional arguments and its options. */
    record CommandLine(String command, List<String> arguments, Map<String, String> options) {

        static CommandLine parse(String[] args) {
            List<String> positional = new ArrayList<>();
            Map<String, String> options = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    String name = args[i].substring(2);
                    int equals = name.indexOf('=');
                    if (equals > 0) {
                        options.put(name.substring(0, equals), name.substring(equals + 1));
                    } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        options.put(name, args[++i]);
                    } else {
                        options.put(name, "");
                    }
                } else {
                    positional.add(args[i]);
                }
            }
            String command = positional.isEmpty() ? "help" : positional.remove(0);
            return new CommandLine(command, Collections.unmodifiableList(positional), options);
        }

        String argument(int index) {
            return index < arguments.size() ? arguments.get(index) : null;
        }
    }

    int run(String[] args) {
        CommandLine line = CommandLine.parse(args);
        Screen screen = Screen.forLanguage(line.options().get("lang"));
        AccountStore store = line.options().containsKey("store")
                ? new AccountStore(Path.of(line.options().get("store"))) : AccountStore.standard();
        Authenticator authenticator = new Authenticator(store);
        try {
            return switch (line.command()) {
                case "activate" -> activate(authenticator, line, screen);
                case "accounts" -> accounts(store, screen);
                case "pending" -> pending(authenticator, line, screen);
                case "approve" -> answer(authenticator, line, screen, Decision.APPROVE);
                case "deny" -> answer(authenticator, line, screen, Decision.DENY);
                case "report-fraud" -> answer(authenticator, line, screen, Decision.REPORT_FRAUD);
                case "listen" -> listen(authenticator, line, screen);
                case "remove" -> remove(store, line, screen);
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
            err.println(screen.say("problem", problem.getMessage()));
            return 1;
        } catch (UncheckedIOException | IOException e) {
            err.println(screen.say("unreachable", e.getMessage()));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    /** A reason to stop that is the person's to fix, already in their language. */
    private static final class Refusal extends RuntimeException {
        final int exitCode;

        Refusal(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private int activate(Authenticator authenticator, CommandLine line, Screen screen) throws IOException {
        ActivationLink link;
        String source = line.argument(0);
        if (line.options().containsKey("code")) {
            link = ActivationLink.typed(line.options().get("code"), line.options().getOrDefault("url", ""));
        } else if (source == null) {
            throw new Refusal(screen.say("usage"), 2);
        } else if (source.startsWith(ActivationLink.SCHEME + ":")) {
            link = ActivationLink.parse(source);
        } else {
            link = ActivationLink.parse(QrImage.read(Path.of(source)));
            out.println(screen.say("scanned", link.enrollmentUrl()));
        }
        String name = line.options().getOrDefault("name", defaultDeviceName());
        LinkedAccount account = authenticator.activate(link, name);
        out.println(screen.say("linked", account.label(), account.deviceId(), account.deviceName(),
                authenticator.store().directory()));
        return 0;
    }

    private static String defaultDeviceName() {
        String user = System.getProperty("user.name", "someone");
        String host = System.getenv().getOrDefault("HOSTNAME", "this computer");
        return user + "@" + host;
    }

    private int accounts(AccountStore store, Screen screen) {
        List<LinkedAccount> accounts = store.all();
        if (accounts.isEmpty()) {
            out.println(screen.say("noAccounts"));
        }
        for (LinkedAccount account : accounts) {
            out.println(screen.say("accountLine", account.userId(), account.tenantId(), account.deviceId(),
                    account.registeredAt().truncatedTo(ChronoUnit.SECONDS)));
        }
        return 0;
    }

    private LinkedAccount account(AccountStore store, CommandLine line, Screen screen) {
        if (store.all().isEmpty()) {
            throw new Refusal(screen.say("noAccounts"), 1);
        }
        String hint = line.options().get("account");
        return store.find(hint).orElseThrow(() -> new Refusal(
                hint == null ? screen.say("whichAccount") : screen.say("unknownAccount", hint), 2));
    }

    private int pending(Authenticator authenticator, CommandLine line, Screen screen) {
        LinkedAccount account = account(authenticator.store(), line, screen);
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

    private int answer(Authenticator authenticator, CommandLine line, Screen screen, Decision decision) {
        LinkedAccount account = account(authenticator.store(), line, screen);
        String number = line.options().get("number");
        if (decision == Decision.APPROVE && (number == null || number.isBlank())) {
            throw new Refusal(screen.say("numberNeeded"), 2);
        }
        SignInRequest request = chosenRequest(authenticator.pending(account), line.argument(0), screen);
        out.println(screen.request(request, Instant.now()));
        return report(authenticator.answer(account, request, decision, number), decision, screen);
    }

    private SignInRequest chosenRequest(List<SignInRequest> waiting, String hint, Screen screen) {
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

    private int report(AnswerResult result, Decision decision, Screen screen) {
        if (result.approved()) {
            out.println(screen.say("approved"));
            return 0;
        }
        out.println(decision == Decision.REPORT_FRAUD ? screen.say("fraudReported")
                : screen.say("denied", result.reason() == null ? result.status() : result.reason()));
        return decision == Decision.APPROVE ? 1 : 0;
    }

    /**
     * Waits for pushes and asks the person for each sign-in. Pushes arrive on the socket's thread and
     * queue here, so answering one never blocks the next from arriving. Requests already waiting when
     * it starts are asked first (a phone opened after a missed push). A request the stream says is
     * closed (cancelled, answered elsewhere, expired) is not asked.
     */
    private int listen(Authenticator authenticator, CommandLine line, Screen screen) throws IOException {
        LinkedAccount account = account(authenticator.store(), line, screen);
        BlockingQueue<PushFrame> frames = new LinkedBlockingQueue<>();
        try (PushStream stream = authenticator.listen(account, frames::add)) {
            out.println(screen.say("listening", account.label()));
            java.util.Set<String> asked = new java.util.HashSet<>();
            for (SignInRequest waiting : stream.open(authenticator.pending(account))) {
                asked.add(waiting.challengeId());
                if (!ask(authenticator, account, waiting, screen)) {
                    return 0;
                }
            }
            while (stream.isOpen()) {
                PushFrame frame = frames.poll(1, java.util.concurrent.TimeUnit.SECONDS);
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
                // The push names the request; its server nonce (which the answer signs) comes from the signed
                // list, without what the stream has said is closed meanwhile (a cancelled sign-in is not asked).
                SignInRequest request = stream.open(authenticator.pending(account)).stream()
                        .filter(r -> r.challengeId().equals(frame.challengeId())).findFirst().orElse(null);
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
            report(authenticator.answer(account, request, decision, decision == Decision.APPROVE ? typed : null), decision, screen);
        } catch (ServiceProblem problem) {
            out.println(screen.say("problem", problem.getMessage()));
        }
        return true;
    }

    private int remove(AccountStore store, CommandLine line, Screen screen) {
        LinkedAccount account = account(store, line, screen);
        store.remove(account);
        out.println(screen.say("removed", account.label()));
        return 0;
    }

}
