package io.tweestap.challenge.domain;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The methods a tenant's users may sign in with (decision 0103), and whether an unacknowledged push
 * falls back to a code by itself, after how long and by which methods in which order (decision
 * 0104). Every method and no fallback until the tenant says otherwise.
 */
public record SignInRules(Set<SignInMethod> methods, Optional<Fallback> fallback) {

    public static final SignInRules DEFAULTS = new SignInRules(EnumSet.allOf(SignInMethod.class), Optional.empty());

    public static final int MIN_FALLBACK_SECONDS = 5;
    public static final int MAX_FALLBACK_SECONDS = 120;

    /** After {@code after} without an acknowledgement, a code by the first of {@code order} that can be sent. */
    public record Fallback(Duration after, List<SignInMethod> order) {

        public Fallback {
            if (after.toSeconds() < MIN_FALLBACK_SECONDS || after.toSeconds() > MAX_FALLBACK_SECONDS) {
                throw new IllegalArgumentException("A push falls back after " + MIN_FALLBACK_SECONDS + " to "
                        + MAX_FALLBACK_SECONDS + " seconds, not " + after.toSeconds());
            }
            if (order.isEmpty() || order.contains(SignInMethod.PUSH) || Set.copyOf(order).size() != order.size()) {
                throw new IllegalArgumentException("A fallback names SMS and VOICE, each at most once, in order");
            }
            order = List.copyOf(order);
        }

        /** As the table keeps it: {@code SMS,VOICE}. */
        public String orderText() {
            return order.stream().map(Enum::name).collect(Collectors.joining(","));
        }

        public static List<SignInMethod> orderOf(String text) {
            return Arrays.stream(text.split(",")).map(SignInMethod::valueOf).toList();
        }
    }

    public SignInRules {
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("At least one method must be allowed, or nobody could sign in");
        }
        methods = Set.copyOf(EnumSet.copyOf(methods));
        if (fallback.isPresent() && (!methods.contains(SignInMethod.PUSH) || !methods.containsAll(fallback.get().order()))) {
            throw new IllegalArgumentException("A push falls back only where pushes are allowed, to methods that are");
        }
    }

    public SignInRules(Set<SignInMethod> methods) {
        this(methods, Optional.empty());
    }

    public boolean allows(SignInMethod method) {
        return methods.contains(method);
    }

    /** In the enum's order, so answers read the same whatever order the administrator sent. */
    public List<SignInMethod> ordered() {
        return List.copyOf(EnumSet.copyOf(methods));
    }
}
