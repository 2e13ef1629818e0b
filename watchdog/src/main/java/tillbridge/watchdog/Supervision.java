package tillbridge.watchdog;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the watchdog starts, stops and restarts its child, and why. Pure: the caller passes the
 * monotonic clock (nanoseconds) and the wall clock (milliseconds) in, performs the actions and
 * reports heartbeats and exits, so every rule is tested with a virtual clock.
 *
 * <p>The rules: the child is started at once; a child that exits on its own with a non-zero
 * status is restarted, at once after a stable run and with doubling delays while it keeps
 * failing soon after each start; a child that sends no heartbeat for {@link Policy#hang} (a hang,
 * or a stopped process) and a child running when the machine resumes from sleep (the wall clock
 * jumping ahead of the monotonic clock, which stands still during suspend) are stopped, with
 * SIGTERM and then SIGKILL after {@link Policy#grace}, and restarted at once. A child that
 * exits with status 0 on its own has finished: the watchdog ends too.
 */
final class Supervision {
    /**
     * @param hang       no heartbeat for this long is a hang; zero: the child sends none, no hang check
     * @param grace      from SIGTERM to SIGKILL
     * @param jump       the wall clock running ahead of the monotonic clock by more than this is a resume
     * @param stable     a run at least this long resets the crash-loop back-off
     * @param firstDelay the delay after the second quick failure in a row, doubling from there
     * @param maxDelay   the longest delay between restarts
     */
    record Policy(Duration hang, Duration grace, Duration jump, Duration stable, Duration firstDelay, Duration maxDelay) {
        static final Policy DEFAULT = new Policy(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(60));

        Policy {
            for (Duration d : new Duration[] {hang, grace, jump, stable, firstDelay, maxDelay}) {
                Objects.requireNonNull(d);
                if (d.isNegative()) throw new IllegalArgumentException("durations must not be negative");
            }
            if (firstDelay.compareTo(maxDelay) > 0) throw new IllegalArgumentException("the first delay exceeds the longest");
        }
    }

    /** What the caller must do now. */
    sealed interface Action {
        String why();
    }

    record Start(String why) implements Action {}

    /** SIGTERM, so the child can finish its writes. */
    record Terminate(String why) implements Action {}

    /** SIGKILL: the child did not end within the grace period. */
    record Kill(String why) implements Action {}

    /** What happens after the child exited. */
    sealed interface AfterExit {
        String why();
    }

    record RestartIn(Duration delay, String why) implements AfterExit {}

    record Finish(String why) implements AfterExit {}

    private enum Phase { WAITING, RUNNING, STOPPING, FINISHED }

    private final Policy policy;
    private Phase phase = Phase.WAITING;
    private String reason = "first start";
    private long restartAt;
    private long startedAt;
    private long lastBeat;
    private long killAt;
    private boolean killed;
    private long lastMono;
    private long lastWall;
    private int failuresInARow;

    Supervision(Policy policy, long monoNanos, long wallMillis) {
        this.policy = policy;
        this.restartAt = monoNanos;
        this.lastMono = monoNanos;
        this.lastWall = wallMillis;
    }

    /** The clocks moved on: the action due now, if any. */
    Optional<Action> tick(long monoNanos, long wallMillis) {
        long ahead = (wallMillis - lastWall) - (monoNanos - lastMono) / 1_000_000;
        lastMono = monoNanos;
        lastWall = wallMillis;
        return switch (phase) {
            case WAITING -> {
                if (monoNanos - restartAt < 0) yield Optional.empty();
                phase = Phase.RUNNING;
                startedAt = monoNanos;
                lastBeat = monoNanos;
                yield Optional.of(new Start(reason));
            }
            case RUNNING -> {
                if (ahead > policy.jump().toMillis()) {
                    yield stop(monoNanos, "the machine resumed from sleep (the wall clock jumped " + ahead / 1000 + " s ahead)");
                }
                if (!policy.hang().isZero() && monoNanos - lastBeat >= policy.hang().toNanos()) {
                    yield stop(monoNanos, "no heartbeat for " + seconds(monoNanos - lastBeat) + " s (hung or stopped)");
                }
                yield Optional.empty();
            }
            case STOPPING -> {
                if (killed || monoNanos - killAt < 0) yield Optional.empty();
                killed = true;
                yield Optional.of(new Kill(reason + "; still running " + policy.grace().toSeconds() + " s after SIGTERM"));
            }
            case FINISHED -> Optional.empty();
        };
    }

    /** The child showed it is alive. */
    void heartbeat(long monoNanos) {
        lastBeat = monoNanos;
    }

    /** The child exited with {@code status} (128 + N: killed by signal N). */
    AfterExit exited(int status, long monoNanos) {
        String how = status > 128 ? "was killed by signal " + (status - 128) : "exited with status " + status;
        String ran = " after " + seconds(monoNanos - startedAt) + " s";
        if (phase == Phase.STOPPING) {
            phase = Phase.WAITING;
            restartAt = monoNanos;
            return new RestartIn(Duration.ZERO, reason + "; the child " + how);
        }
        if (status == 0) {
            phase = Phase.FINISHED;
            return new Finish("the child " + how + ran);
        }
        if (monoNanos - startedAt >= policy.stable().toNanos()) failuresInARow = 0;
        Duration delay = failuresInARow == 0 ? Duration.ZERO
                : policy.firstDelay().multipliedBy(1L << Math.min(failuresInARow - 1, 30));
        if (delay.compareTo(policy.maxDelay()) > 0) delay = policy.maxDelay();
        failuresInARow++;
        phase = Phase.WAITING;
        restartAt = monoNanos + delay.toNanos();
        reason = "the child " + how + ran + (failuresInARow > 1 ? " (failure " + failuresInARow + " in a row)" : "");
        return new RestartIn(delay, reason);
    }

    /** Milliseconds until {@link #tick} may have something to do, at most {@code cap}. */
    long millisToNext(long monoNanos, long capMillis) {
        long next = switch (phase) {
            case WAITING -> restartAt;
            case RUNNING -> policy.hang().isZero() ? Long.MAX_VALUE : lastBeat + policy.hang().toNanos();
            case STOPPING -> killed ? Long.MAX_VALUE : killAt;
            case FINISHED -> Long.MAX_VALUE;
        };
        if (next == Long.MAX_VALUE) return capMillis;
        return Math.clamp((next - monoNanos + 999_999) / 1_000_000, 0, capMillis);
    }

    private Optional<Action> stop(long monoNanos, String why) {
        phase = Phase.STOPPING;
        reason = why;
        killAt = monoNanos + policy.grace().toNanos();
        killed = false;
        failuresInARow = 0;
        return Optional.of(new Terminate(why));
    }

    private static long seconds(long nanos) {
        return nanos / 1_000_000_000L;
    }
}
