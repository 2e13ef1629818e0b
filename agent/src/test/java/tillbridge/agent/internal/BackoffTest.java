package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void waitsDoubleFromTheFirstUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), T0.plusSeconds(86_400));
        List<Long> waits = new ArrayList<>();
        Instant now = T0;
        for (int i = 0; i < 8; i++) {
            Duration d = b.failed(now).orElseThrow();
            waits.add(d.toSeconds());
            now = now.plus(d);
        }
        assertThat(waits).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void theLastWaitEndsAtTheDeadlineAndAFailureThenIsTheLast() {
        Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), T0.plusSeconds(10));
        assertThat(b.failed(T0)).contains(Duration.ofSeconds(2));
        assertThat(b.failed(T0.plusSeconds(2))).contains(Duration.ofSeconds(4));
        assertThat(b.failed(T0.plusSeconds(6))).as("8 s would pass the deadline: cut to it").contains(Duration.ofSeconds(4));
        assertThat(b.failed(T0.plusSeconds(10))).isEqualTo(Optional.empty());
        assertThat(b.failed(T0.plusSeconds(11))).isEqualTo(Optional.empty());
    }
}
