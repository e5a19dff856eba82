package io.tweestap.authenticator.cli;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.ActivationLink;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.authenticator.QrImage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The commands about the linked accounts themselves: {@code activate}, {@code accounts}, {@code remove}. */
final class AccountCommands {

    private final PrintStream out;

    AccountCommands(PrintStream out) {
        this.out = out;
    }

    /** The account a command is for: the only one, or the one {@code --account} names. */
    static LinkedAccount chosen(AccountStore store, CommandLine line, Screen screen) {
        if (store.all().isEmpty()) {
            throw new Refusal(screen.say("noAccounts"), 1);
        }
        String hint = line.options().get("account");
        return store.find(hint).orElseThrow(() -> new Refusal(
                hint == null ? screen.say("whichAccount") : screen.say("unknownAccount", hint), 2));
    }

    int activate(Authenticator authenticator, CommandLine line, Screen screen) throws IOException {
        ActivationLink link;
        String source = line.argument(0);
        if (line.options().containsKey("code")) {
            link = ActivationLink.typed(line.options().get("code"), line.options().getOrDefault("url", ""));
        } else if (source == null) {
            throw new Refusal(screen.say("usage"), 2);
        } else if (source.startsWith(ActivationLink.SCHEME + ":") || source.startsWith("https:") || source.startsWith("http:")) {
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

    int accounts(AccountStore store, Screen screen) {
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

    int remove(AccountStore store, CommandLine line, Screen screen) {
        LinkedAccount account = chosen(store, line, screen);
        store.remove(account);
        out.println(screen.say("removed", account.label()));
        return 0;
    }
}
