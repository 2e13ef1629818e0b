package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ReconnectTest {
    /** A "random" source that always returns {@code d} from nextDouble. */
    static RandomGenerator fixed(double d) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return d;
            }
        };
    }

    private static List<Long> delays(Reconnect r, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(r.nextDelay().toMillis());
        return out;
    }

    @Test
    void atOnceThenOneSecondFiveTimesThenEveryFiveSeconds() {
        Reconnect r = new Reconnect(fixed(0.5)); // 0.5 = no jitter
        assertThat(delays(r, 9)).containsExactly(0L, 1000L, 1000L, 1000L, 1000L, 1000L, 5000L, 5000L, 5000L);
        assertThat(r.attempt()).isEqualTo(9);
    }

    @Test
    void jitterIsAtMostTwentyPercentEitherWay() {
        assertThat(delays(new Reconnect(fixed(0.0)), 7)).containsExactly(0L, 800L, 800L, 800L, 800L, 800L, 4000L);
        assertThat(delays(new Reconnect(fixed(0.999999)), 7)).containsExactly(0L, 1200L, 1200L, 1200L, 1200L, 1200L, 6000L);
        Reconnect real = new Reconnect(RandomGenerator.getDefault());
        for (int i = 1; i <= 200; i++) {
            long d = real.nextDelay().toMillis();
            long base = Reconnect.base(i).toMillis();
            assertThat(d).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
        }
    }

    @Test
    void aGoodConnectionStartsTheScheduleOver() {
        Reconnect r = new Reconnect(fixed(0.5));
        delays(r, 8);
        r.connected();
        assertThat(r.attempt()).isZero();
        assertThat(delays(r, 3)).containsExactly(0L, 1000L, 1000L);
    }

    @Test
    void silenceLongerThanPingPlusGraceSwitchesToLongPollUntilTheProbe() {
        Reconnect r = new Reconnect(fixed(0.5));
        Duration ping = Duration.ofSeconds(120);
        long t0 = 1_000_000;
        assertThat(r.mode(t0)).isEqualTo(Reconnect.Mode.STREAM);
        assertThat(r.silent(ping, t0, t0 + 150_000)).isFalse();
        assertThat(r.silent(ping, t0, t0 + 150_001)).isTrue();
        r.pingsLate(t0 + 150_001);
        assertThat(r.mode(t0 + 150_001)).isEqualTo(Reconnect.Mode.POLL);
        long probe = t0 + 150_001 + Reconnect.PROBE_AFTER.toMillis();
        assertThat(r.probeDue(probe - 1)).isFalse();
        assertThat(r.mode(probe - 1)).isEqualTo(Reconnect.Mode.POLL);
        assertThat(r.probeDue(probe)).isTrue();
        assertThat(r.mode(probe)).isEqualTo(Reconnect.Mode.STREAM);
        assertThat(r.probeDue(probe)).isFalse();
    }

    @Test
    void aShortPingPeriodGivesUpOnASilentStreamWithinTwoPeriods() {
        Reconnect r = new Reconnect(fixed(0.5));
        Duration ping = Duration.ofSeconds(10);
        assertThat(r.silent(ping, 0, 17_500)).isFalse();
        assertThat(r.silent(ping, 0, 17_501)).isTrue();
    }

    @Test
    void threeStreamFailuresInARowSwitchToLongPollUntilTheProbe() {
        Reconnect r = new Reconnect(fixed(0.5));
        long t0 = 1_000_000;
        assertThat(r.streamFailed(t0)).isFalse();
        assertThat(r.streamFailed(t0 + 1)).isFalse();
        r.connected();
        assertThat(r.streamFailed(t0 + 2)).as("a good connection in between starts the count over").isFalse();
        assertThat(r.streamFailed(t0 + 3)).isFalse();
        assertThat(r.streamFailed(t0 + 4)).isTrue();
        assertThat(r.mode(t0 + 4)).isEqualTo(Reconnect.Mode.POLL);
        assertThat(r.mode(t0 + 4 + Reconnect.PROBE_AFTER.toMillis())).isEqualTo(Reconnect.Mode.STREAM);
    }

    @Test
    void aRetryAfterIsWaitedAtLeastPlusASpreadOfUpToASecondAndAFifth() {
        Optional<Duration> told = Optional.of(Duration.ofSeconds(10));
        assertThat(new Reconnect(fixed(0.0)).nextDelay(told)).isEqualTo(Duration.ofSeconds(10));
        assertThat(new Reconnect(fixed(0.5)).nextDelay(told)).isEqualTo(Duration.ofMillis(10_000 + 1_500));
        for (int i = 0; i < 200; i++) {
            Reconnect real = new Reconnect(RandomGenerator.getDefault());
            assertThat(real.nextDelay(Optional.of(Duration.ofSeconds(1))).toMillis()).isBetween(1000L, 2200L);
        }
    }

    @Test
    void aRetryAfterShorterThanTheOwnScheduleLeavesTheOwnSchedule() {
        Reconnect r = new Reconnect(fixed(0.0));
        delays(r, 6);
        // attempt 7 waits 5 s (4 s with this jitter) of its own; the hub's 1 s does not shorten it
        assertThat(r.nextDelay(Optional.of(Duration.ofSeconds(1)))).isEqualTo(Duration.ofMillis(4000));
    }
}
