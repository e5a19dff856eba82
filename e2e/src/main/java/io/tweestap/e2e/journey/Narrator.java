package io.tweestap.e2e.journey;

/** Tells what each party sees as the journey goes: the browser, the phone, the platform. */
@FunctionalInterface
public interface Narrator {

    void tell(String who, String what);

    /** Prints {@code [who] what} lines, indenting continuation lines under the text. */
    static Narrator printing(java.io.PrintStream out) {
        return (who, what) -> {
            String label = String.format("%-10s", "[" + who + "]");
            out.println(label + " " + what.replace("\n", "\n" + " ".repeat(label.length() + 1)));
            out.flush();
        };
    }
}
