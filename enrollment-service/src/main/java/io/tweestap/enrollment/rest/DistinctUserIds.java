package io.tweestap.enrollment.rest;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * No user twice in one batch of enrollments: a second link for the same person in the same call is
 * a mistake in the caller's list (a person has one wizard to walk), so the whole batch is refused and
 * each repeat is named as {@code enrollments[i].userId}.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DistinctUserIds.Check.class)
public @interface DistinctUserIds {

    String message() default "the same userId is earlier in this batch";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a batch's items; items without a userId are left to their own {@code @NotBlank}. */
    class Check implements ConstraintValidator<DistinctUserIds, List<EnrollmentResource.StartEnrollment>> {

        @Override
        public boolean isValid(List<EnrollmentResource.StartEnrollment> items, ConstraintValidatorContext context) {
            if (items == null) {
                return true;
            }
            Map<String, Integer> first = new HashMap<>();
            boolean distinct = true;
            context.disableDefaultConstraintViolation();
            for (int i = 0; i < items.size(); i++) {
                EnrollmentResource.StartEnrollment item = items.get(i);
                if (item == null || item.userId() == null) {
                    continue;
                }
                Integer earlier = first.putIfAbsent(item.userId(), i);
                if (earlier != null) {
                    distinct = false;
                    context.buildConstraintViolationWithTemplate("the same userId as enrollments[" + earlier + "]")
                            .addPropertyNode("userId").inIterable().atIndex(i).addConstraintViolation();
                }
            }
            return distinct;
        }
    }
}
