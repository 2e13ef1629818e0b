package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import tillbridge.hub.Admission;

/** The admission gate on a virtual clock (nanoseconds passed in). */
class AdmissionGateTest {
    private static final long S = 1_000_000_000L;

    /** A random source that always returns {@code v} from nextDouble. */
    private static RandomGenerator fixed(double v) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return v;
            }
        };
    }

    @Test
    void admitsOneSecondsWorthAtOnceThenRefusesTheRest() {
        AdmissionGate g = new AdmissionGate(new Admission(100, 1000, 30), fixed(0), 0);
        for (int i = 0; i < 100; i++) {
            assertThat(g.enter(0).admitted()).isTrue();
            g.leave(0);
        }
        AdmissionGate.Decision refused = g.enter(0);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void refillsAtTheRateAsTimePasses() {
        AdmissionGate g = new AdmissionGate(new Admission(10, 1000, 30), fixed(0), 0);
        for (int i = 0; i < 10; i++) g.enter(0);
        assertThat(g.enter(0).admitted()).isFalse();
        assertThat(g.enter(S / 10).admitted()).isTrue();
        assertThat(g.enter(S / 10).admitted()).isFalse();
    }

    @Test
    void refusesBeyondTheConcurrencyUntilOneLeaves() {
        AdmissionGate g = new AdmissionGate(new Admission(1000, 2, 30), fixed(0), 0);
        assertThat(g.enter(0).admitted()).isTrue();
        assertThat(g.enter(0).admitted()).isTrue();
        assertThat(g.enter(0).admitted()).isFalse();
        g.leave(0);
        assertThat(g.enter(0).admitted()).isTrue();
        assertThat(g.inProgress()).isEqualTo(2);
    }

    @Test
    void aStormIsToldToComeBackSpreadOverTheTimeItTakesToAdmitIt() {
        // 1,100 agents at once against 100 a second: 100 admitted, the 1,000 others spread over ~10 s
        AdmissionGate g = new AdmissionGate(new Admission(100, 10_000, 30), new SplittableRandom(7), 0);
        List<Integer> retryAfter = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            AdmissionGate.Decision d = g.enter(0);
            if (d.admitted()) g.leave(0);
            else retryAfter.add(d.retryAfterSeconds());
        }
        assertThat(retryAfter).hasSize(1000);
        int[] perSecond = new int[31];
        retryAfter.forEach(s -> perSecond[s]++);
        assertThat(retryAfter).allMatch(s -> s >= 1 && s <= 13);
        // no second is told to more than about twice what the rate admits
        for (int s = 1; s <= 30; s++) assertThat(perSecond[s]).isLessThanOrEqualTo(200);
        assertThat(retryAfter.subList(900, 1000)).allMatch(s -> s >= 9);
    }

    @Test
    void whenSetUpsInProgressAreTheLimitTheQueueDrainsAsFastAsTheyFinished() {
        // admission rate 1000/s, but only 5 set-ups finish a second (a slow database)
        AdmissionGate g = new AdmissionGate(new Admission(1000, 5, 30), fixed(0), 0);
        for (int i = 0; i < 5; i++) g.enter(0);
        for (int i = 0; i < 5; i++) g.leave(S / 2);
        for (int i = 0; i < 5; i++) g.enter(S / 2);
        // at 1.5 s: the five still in progress; the last whole second saw five finish
        List<Integer> told = new ArrayList<>();
        for (int i = 0; i < 20; i++) told.add(g.enter(S + S / 2).retryAfterSeconds());
        // 20 refused callers at 5 a second: the last is told about 4 s, not the 1 s the admission rate alone would give
        assertThat(told.getFirst()).isEqualTo(1);
        assertThat(told.getLast()).isEqualTo(4);
    }

    @Test
    void callersBeyondTheLongestWaitAreSpreadOverItNotAllSentToItsLastSecond() {
        // a cold node: 2 set-ups at once, none finished yet; 10,000 agents ask within the same instant
        AdmissionGate g = new AdmissionGate(new Admission(2000, 2, 10), new SplittableRandom(3), 0);
        int[] told = new int[11];
        for (int i = 0; i < 10_000; i++) {
            AdmissionGate.Decision d = g.enter(0);
            if (!d.admitted()) told[d.retryAfterSeconds()]++;
        }
        // every second up to the maximum gets about a tenth of them, the last no more than the others
        for (int s = 1; s <= 10; s++) assertThat(told[s]).as("told %d s", s).isBetween(800, 1200);
    }

    @Test
    void retryAfterNeverExceedsTheMaximum() {
        AdmissionGate g = new AdmissionGate(new Admission(1, 10, 5), fixed(0.999), 0);
        g.enter(0);
        for (int i = 0; i < 100; i++) assertThat(g.enter(0).retryAfterSeconds()).isBetween(1, 5);
    }

    @Test
    void theQueueDrainsWhenNobodyComes() {
        AdmissionGate g = new AdmissionGate(new Admission(1, 10, 30), fixed(0), 0);
        g.enter(0);
        for (int i = 0; i < 20; i++) g.enter(0);
        assertThat(g.enter(0).retryAfterSeconds()).isGreaterThan(20);
        // a minute later the backlog has long been served: a refused caller waits about a second again
        g.enter(60 * S);
        assertThat(g.enter(60 * S).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void leaveWithoutEnterIsABug() {
        AdmissionGate g = new AdmissionGate(new Admission(1, 1, 1), fixed(0), 0);
        assertThatThrownBy(() -> g.leave(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void limitsOutOfRangeAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new Admission(0, 1, 1)).hasMessageContaining("admission rate");
        assertThatThrownBy(() -> new Admission(1, 0, 1)).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> new Admission(1, 1, 0)).hasMessageContaining("retry-after");
    }
}
