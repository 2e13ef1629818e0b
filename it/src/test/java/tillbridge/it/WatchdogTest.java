package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/watchdog supervising a real child: a shell loop that records its pid and writes a heartbeat
 * every second, as the agent does when $TILLBRIDGE_HEARTBEAT_FILE is set.
 */
class WatchdogTest {
    @TempDir
    Path dir;
    private Process watchdog;

    @AfterEach
    void stop() throws InterruptedException {
        Programs.stop(watchdog);
    }

    private Path log() {
        return dir.resolve("watchdog.log");
    }

    private Path pids() {
        return dir.resolve("pids");
    }

    /** A child that beats every second until stopped; {@code onTerm} runs when it gets SIGTERM. */
    private String beatingChild(String onTerm) {
        // the trap before the pid: a test that signals the child once its pid is written must find the trap set
        return "trap '" + onTerm + "; exit 0' TERM; echo $$ >> '" + pids() + "'; "
                + "while :; do date +%s%N > \"$TILLBRIDGE_HEARTBEAT_FILE\"; sleep 1 & wait $!; done";
    }

    private void start(String childScript, String... options) throws IOException {
        watchdog = Programs.start(log(), command(childScript, options));
    }

    private List<String> command(String childScript, String... options) {
        List<String> command = new ArrayList<>(Programs.command("watchdog", options));
        command.addAll(List.of("--", "sh", "-c", childScript));
        return command;
    }

    private List<Long> startedPids() throws IOException {
        return Files.exists(pids()) ? Files.readAllLines(pids()).stream().filter(l -> !l.isBlank()).map(Long::valueOf).toList() : List.of();
    }

    private long awaitRuns(int n, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> startedPids().size() >= n);
        try {
            return startedPids().get(n - 1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void signal(String sig, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor()).isZero();
    }

    @Test
    void aChildKilledWithSigkillIsBackAtOnce() throws Exception {
        start(beatingChild("true"));
        long first = awaitRuns(1, Duration.ofSeconds(30));

        signal("KILL", first);

        long second = awaitRuns(2, Duration.ofSeconds(10));
        assertThat(second).isNotEqualTo(first);
        assertThat(Programs.read(log())).contains("was killed by signal 9").contains("restarting at once");
    }

    @Test
    void aStoppedChildMissesItsHeartbeatsAndIsKilledAndRestarted() throws Exception {
        Path beat = dir.resolve("heartbeat");
        start(beatingChild("true"), "--hang", "3", "--grace", "1", "--heartbeat-file", beat.toString());
        long first = awaitRuns(1, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(beat) > 0); // measured from a beat, not from the start

        signal("STOP", first);

        awaitRuns(2, Duration.ofSeconds(30));
        String log = Programs.read(log());
        assertThat(log).contains("no heartbeat for 3 s").contains("SIGKILL to pid " + first);
    }

    /**
     * A resume from sleep, as the watchdog sees it: the wall clock leaps ahead while the monotonic
     * clock does not ({@link FakeTime}: 10 minutes).
     */
    @Test
    void aWallClockLeapingAheadOfTheMonotonicClockIsAResumeAndRestartsTheChild() throws Exception {
        ProcessBuilder b = new ProcessBuilder(command(beatingChild("true"))).redirectError(ProcessBuilder.Redirect.appendTo(log().toFile()));
        FakeTime clock = FakeTime.preload(dir, b.environment());
        watchdog = b.start();
        long first = awaitRuns(1, Duration.ofSeconds(30));
        Thread.sleep(Duration.ofSeconds(2)); // a few clock checks at the true time first

        clock.leapAhead(600);

        long second = awaitRuns(2, Duration.ofSeconds(15));
        assertThat(second).isNotEqualTo(first);
        assertThat(Programs.read(log())).contains("the machine resumed from sleep (the wall clock jumped 600 s ahead)");
    }

    @Test
    void aCrashLoopIsRestartedWithGrowingDelaysShownInTheLog() throws Exception {
        start("echo $$ >> '" + pids() + "'; exit 3", "--max-delay", "4");

        awaitRuns(4, Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> Programs.read(log()).contains("restarting in 2 s"));
        String log = Programs.read(log());
        assertThat(log).contains("exited with status 3").contains("restarting at once").contains("restarting in 1 s")
                .contains("failure 3 in a row");
    }

    @Test
    void sigtermToTheWatchdogReachesTheChildAndNothingIsRestarted() throws Exception {
        Path termed = dir.resolve("termed");
        start(beatingChild("echo term > '" + termed + "'"));
        awaitRuns(1, Duration.ofSeconds(30));

        watchdog.destroy();

        assertThat(watchdog.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(termed).exists();
        assertThat(startedPids()).hasSize(1);
    }

    @Test
    void aChildThatFinishesWithStatusZeroEndsTheWatchdog() throws Exception {
        start("echo $$ >> '" + pids() + "'; exit 0");

        assertThat(watchdog.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(watchdog.exitValue()).isZero();
        assertThat(startedPids()).hasSize(1);
    }

    @Test
    void aBadOptionIsOneLineAndExit100() throws Exception {
        watchdog = Programs.start(log(), Programs.command("watchdog", "--hang", "soon", "--", "true"));

        assertThat(watchdog.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(watchdog.exitValue()).isEqualTo(100);
        assertThat(Programs.read(log()).strip().lines()).hasSize(1);
    }
}
