package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** Violations name what the caller sent, never our Java method or parameter names. */
class ViolationFieldsTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    public record Line(@NotBlank String name) {
    }

    public record Order(@NotBlank String customerId, @Valid Address address, List<@Valid Line> lines,
            List<@NotBlank String> tags) {
    }

    public record Address(@NotBlank String street) {
    }

    /** Stands in for a resource method: the names here are ours, not the caller's. */
    public static class Operations {
        public void poll(@PathParam("challengeId") String challengeIdentifier,
                @QueryParam("wait") @Max(30) int waitSeconds, @HeaderParam("X-Trace") @NotBlank String traceHeader) {
        }

        public void create(@NotNull @Valid Order request) {
        }
    }

    @Test
    void aQueryParameterIsNamedAsInTheQueryNotAsTheJavaParameter() throws Exception {
        Method poll = Operations.class.getMethod("poll", String.class, int.class, String.class);
        Set<ConstraintViolation<Operations>> found = VALIDATOR.forExecutables()
                .validateParameters(new Operations(), poll, new Object[] {"x", 31, " "});

        assertThat(found).extracting(v -> ViolationFields.field(v, poll)).containsExactlyInAnyOrder("wait", "X-Trace");
        assertThat(found).extracting(v -> v.getPropertyPath().toString())
                .as("what the validator itself says, which the caller must not see")
                .allMatch(path -> path.startsWith("poll."));
    }

    @Test
    void aBodyFieldIsItsPathInsideTheBody() throws Exception {
        Method create = Operations.class.getMethod("create", Order.class);
        Order order = new Order(" ", new Address(""), List.of(new Line("ok"), new Line("")), List.of("a", ""));
        Set<ConstraintViolation<Operations>> found = VALIDATOR.forExecutables()
                .validateParameters(new Operations(), create, new Object[] {order});

        assertThat(found).extracting(v -> ViolationFields.field(v, create))
                .containsExactlyInAnyOrder("customerId", "address.street", "lines[1].name", "tags[1]");
    }

    @Test
    void aMissingBodyIsTheBody() throws Exception {
        Method create = Operations.class.getMethod("create", Order.class);
        Set<ConstraintViolation<Operations>> found = VALIDATOR.forExecutables()
                .validateParameters(new Operations(), create, new Object[] {null});

        assertThat(found).extracting(v -> ViolationFields.field(v, create)).containsExactly(ViolationFields.BODY);
    }

    @Test
    void withoutTheOperationTheJavaNamesAreStillLeftOut() throws Exception {
        Method create = Operations.class.getMethod("create", Order.class);
        Order order = new Order("c", new Address(""), List.of(), List.of());
        Set<ConstraintViolation<Operations>> found = VALIDATOR.forExecutables()
                .validateParameters(new Operations(), create, new Object[] {order});

        assertThat(found).extracting(v -> ViolationFields.field(v, null)).containsExactly("address.street");
    }

    @Test
    void aBeanValidatedByItselfKeepsItsPropertyPath() {
        Set<ConstraintViolation<Address>> found = VALIDATOR.validate(new Address(""));

        assertThat(found).extracting(v -> ViolationFields.field(v, null)).containsExactly("street");
    }
}
