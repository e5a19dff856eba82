package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemAnswersTest {

    @Test
    void theTypeIsItsLastPathSegment() {
        assertThat(ProblemAnswers.typeName("https://tweestap.io/problems/pushes-blocked")).isEqualTo("pushes-blocked");
        assertThat(ProblemAnswers.typeName("code-locked")).isEqualTo("code-locked");
        assertThat(ProblemAnswers.typeName(null)).isNull();
        assertThat(ProblemAnswers.typeName(42)).isNull();
    }

    @Test
    void attemptsLeftIsAWholeNumberOrNothing() {
        assertThat(ProblemAnswers.whole(2)).isEqualTo(2);
        assertThat(ProblemAnswers.whole(3L)).isEqualTo(3);
        assertThat(ProblemAnswers.whole("2")).isNull();
        assertThat(ProblemAnswers.whole(null)).isNull();
    }

    @Test
    void retryAfterReadsSecondsOnly() {
        assertThat(ProblemAnswers.seconds("30")).isEqualTo(30);
        assertThat(ProblemAnswers.seconds(" 7 ")).isEqualTo(7);
        assertThat(ProblemAnswers.seconds(null)).isNull();
        assertThat(ProblemAnswers.seconds("Wed, 21 Oct 2026 07:28:00 GMT")).isNull();
    }
}
