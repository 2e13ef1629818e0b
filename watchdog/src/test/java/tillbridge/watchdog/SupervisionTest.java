package tillbridge.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tillbridge.watchdog.Supervision.Action;
import tillbridge.watchdog.Supervision.Finish;
import tillbridge.watchdog.Supervision.Kill;
import tillbridge.watchdog.Supervision.RestartIn;
import tillbridge.watchdog.Supervision.Start;
import tillbridge.watchdog.Supervision.Terminate;

/** The watchdog's rules on a virtual clock: both clocks advance together unless a test jumps the wall clock. */
class SupervisionTest {
    private long mono = 5_000_000_000L;
    private long wall = 1_800_000_000_000L;
    private final Supervision s = new Supervision(Supervision.Policy.DEFAULT, mono, wall);

    private Optional<Action> advance(Duration d) {
        mono += d.toNanos();
        wall += d.toMillis();
        return s.tick(mono, wall);
    }

    private void started() {
        assertThat(advance(Duration.ZERO)).get().isInstanceOf(Start.class);
    }

    @Test
    void theChildStartsAtOnceAndAHealthyChildIsLeftAlone() {
        started();
        for (int i = 0; i < 100; i++) {
            assertThat(advance(Duration.ofSeconds(5))).isEmpty();
            s.heartbeat(mono);
        }
    }

    @Test
    void aCrashAfterAStableRunIsRestartedAtOnce() {
        started();
        advance(Duration.ofMinutes(5));
        s.heartbeat(mono);

        RestartIn r = (RestartIn) s.exited(137, mono);

        assertThat(r.delay()).isZero();
        assertThat(r.why()).contains("killed by signal 9");
        assertThat(advance(Duration.ZERO)).get().isInstanceOf(Start.class);
    }

    @Test
    void aCrashLoopBacksOffDoublingUpToTheLongestDelay() {
        started();
        Duration[] expected = {Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32), Duration.ofSeconds(60), Duration.ofSeconds(60)};
        for (Duration d : expected) {
            advance(Duration.ofMillis(300));
            RestartIn r = (RestartIn) s.exited(3, mono);
            assertThat(r.delay()).isEqualTo(d);
            assertThat(r.why()).contains("exited with status 3");
            if (!d.isZero()) assertThat(advance(d.minusMillis(1))).as("not before the delay").isEmpty();
            assertThat(advance(d.isZero() ? Duration.ZERO : Duration.ofMillis(1))).get().isInstanceOf(Start.class);
        }
    }

    @Test
    void aStableRunResetsTheBackOff() {
        started();
        advance(Duration.ofMillis(300));
        s.exited(3, mono);
        advance(Duration.ZERO);
        advance(Duration.ofMillis(300));
        assertThat(((RestartIn) s.exited(3, mono)).delay()).isEqualTo(Duration.ofSeconds(1));
        advance(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            advance(Duration.ofSeconds(5));
            s.heartbeat(mono);
        }
        assertThat(((RestartIn) s.exited(3, mono)).delay()).isZero();
    }

    @Test
    void noHeartbeatForTheHangLimitStopsTheChildThenKillsItAndRestartsAtOnce() {
        started();
        advance(Duration.ofSeconds(10));
        s.heartbeat(mono);
        assertThat(advance(Duration.ofSeconds(29))).isEmpty();

        Optional<Action> a = advance(Duration.ofSeconds(1));

        assertThat(a).get().isInstanceOf(Terminate.class);
        assertThat(a.get().why()).contains("no heartbeat for 30 s");
        assertThat(advance(Duration.ofSeconds(4))).as("SIGKILL only after the grace period").isEmpty();
        assertThat(advance(Duration.ofSeconds(1))).get().isInstanceOf(Kill.class);
        assertThat(advance(Duration.ofSeconds(10))).as("one SIGKILL").isEmpty();
        RestartIn r = (RestartIn) s.exited(137, mono);
        assertThat(r.delay()).isZero();
        assertThat(r.why()).contains("no heartbeat");
        assertThat(advance(Duration.ZERO)).get().isInstanceOf(Start.class);
    }

    @Test
    void theFirstHeartbeatIsDueWithinTheHangLimitOfTheStart() {
        started();
        assertThat(advance(Duration.ofSeconds(30))).get().isInstanceOf(Terminate.class);
    }

    @Test
    void aWallClockJumpAheadOfTheMonotonicClockIsAResumeAndRestartsTheChild() {
        started();
        advance(Duration.ofSeconds(1));
        s.heartbeat(mono);
        wall += Duration.ofMinutes(45).toMillis(); // suspended: the monotonic clock stood still

        Optional<Action> a = advance(Duration.ofSeconds(1));

        assertThat(a).get().isInstanceOf(Terminate.class);
        assertThat(a.get().why()).contains("resumed from sleep").contains("2700 s ahead");
        RestartIn r = (RestartIn) s.exited(143, mono);
        assertThat(r.delay()).isZero();
        assertThat(advance(Duration.ZERO)).get().isInstanceOf(Start.class);
    }

    @Test
    void smallClockCorrectionsAndAClockSetBackAreNotAResume() {
        started();
        wall += 9_000;
        assertThat(advance(Duration.ofSeconds(1))).isEmpty();
        s.heartbeat(mono);
        wall -= Duration.ofHours(1).toMillis();
        assertThat(advance(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aChildThatEndsWithStatusZeroOnItsOwnHasFinished() {
        started();
        advance(Duration.ofSeconds(2));
        assertThat(s.exited(0, mono)).isInstanceOf(Finish.class);
        assertThat(advance(Duration.ofHours(1))).isEmpty();
    }

    @Test
    void aChildStoppedByTheWatchdogIsRestartedWhateverItsStatus() {
        started();
        advance(Duration.ofSeconds(30));
        assertThat(s.exited(0, mono)).isInstanceOf(RestartIn.class);
    }

    @Test
    void withoutAHangLimitOnlyExitsAndResumesCount() {
        Supervision quiet = new Supervision(new Supervision.Policy(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(60)), mono, wall);
        assertThat(quiet.tick(mono, wall)).get().isInstanceOf(Start.class);
        mono += Duration.ofHours(2).toNanos();
        wall += Duration.ofHours(2).toMillis();
        assertThat(quiet.tick(mono, wall)).isEmpty();
        assertThat(quiet.millisToNext(mono, 1000)).isEqualTo(1000);
    }

    @Test
    void theNextWakeUpIsTheEarliestDeadline() {
        assertThat(s.millisToNext(mono, 1000)).isZero();
        started();
        s.heartbeat(mono);
        assertThat(s.millisToNext(mono, 60_000)).isEqualTo(30_000);
        advance(Duration.ofSeconds(30));
        assertThat(s.millisToNext(mono, 60_000)).isEqualTo(5_000);
    }
}
