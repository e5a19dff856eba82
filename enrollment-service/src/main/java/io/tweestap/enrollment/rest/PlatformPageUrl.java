package io.tweestap.enrollment.rest;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A page of the calling platform that the wizard may send the person's browser to: an absolute
 * {@code https} URL with a host ({@code http} only for {@code localhost} and {@code 127.0.0.1}, for
 * development), at most {@value #MAX_LENGTH} characters, without user info. Absent (null) is fine.
 * A violation names the field and what is wrong, never the value (decision 0039).
 */
@Documented
@Constraint(validatedBy = PlatformPageUrl.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlatformPageUrl {

    int MAX_LENGTH = 2048;

    String message() default "must be an absolute https URL";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<PlatformPageUrl, String> {

        private static final Set<String> DEVELOPMENT_HOSTS = Set.of("localhost", "127.0.0.1");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            Optional<String> problem = problemWith(value);
            problem.ifPresent(message -> {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
            });
            return problem.isEmpty();
        }

        /** What is wrong with {@code value} as a platform page, in words for the platform's developer. */
        static Optional<String> problemWith(String value) {
            if (value == null) {
                return Optional.empty();
            }
            if (value.length() > MAX_LENGTH) {
                return Optional.of("must be at most " + MAX_LENGTH + " characters");
            }
            URI uri;
            try {
                // java.net.URI is stricter than a browser (no spaces, tabs, backslashes or control
                // characters), so what passes here means the same to the browser.
                uri = new URI(value);
            } catch (URISyntaxException e) {
                return Optional.of("must be an absolute https URL");
            }
            if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
                return Optional.of("must be an absolute https URL");
            }
            if (uri.getRawUserInfo() != null) {
                return Optional.of("must not contain user info");
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            boolean development = "http".equals(scheme)
                    && DEVELOPMENT_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
            if (!"https".equals(scheme) && !development) {
                return Optional.of("must use https (http only for localhost or 127.0.0.1)");
            }
            return Optional.empty();
        }
    }
}
