package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One transaction at a time across separate frob processes: tcpserver spawns a frob per ECR
 * connection, all sharing {@code --lock FILE}; terminal-sim is the payment application.
 */
class OneTransactionAtATimeTest {
    @TempDir
    static Path dir;
    private static Venue venue;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        String sock = "unix:" + dir.resolve("payment.sock");
        venue = Venue.start(dir, List.of("--listen", sock, "--slow-ms", "12000"),
                List.of("--lock", dir.resolve("tx.lock").toString(), "--payment", sock));
        port = venue.port();
    }

    @AfterAll
    static void stop() throws Exception {
        venue.close();
    }

    @Test
    void secondEcrIsToldBusyAtOnceWhileTheFirstCompletes() throws Exception {
        try (BackgroundPay slow = BackgroundPay.start(dir, port, "12.99", "LOCK-SLOW").awaitOutput("status 20")) {
            Run busy = ecr("pay", "5.00", "PLN", "--ref", "LOCK-BUSY");
            assertThat(busy.exit()).as(busy.toString()).isEqualTo(4);
            assertThat(busy.out()).contains("outcome ERROR").contains("result 993").contains("busy");
            Run test = ecr("test"); // a third connection: T1 is still answered
            assertThat(test.exit()).as(test.toString()).isZero();
            Run first = slow.finish();
            assertThat(first.exit()).as(first.toString()).isZero();
            assertThat(first.out()).contains("outcome APPROVED");
        }
        // the terminal software never saw the second sale
        assertThat(Programs.read(dir.resolve("terminal-sim.log"))).contains("LOCK-SLOW").doesNotContain("LOCK-BUSY");
        assertThat(Programs.read(dir.resolve("frob.log"))).contains("held by another frob process");
    }

    @Test
    void aKilledFrobReleasesTheLock() throws Exception {
        try (BackgroundPay slow = BackgroundPay.start(dir, port, "13.99", "LOCK-KILLED").awaitOutput("status 20")) {
            // the lock file names its holder: "SESSION pid PID"
            String note = Files.readString(dir.resolve("tx.lock")).strip();
            assertThat(note).matches("\\d+-1 pid \\d+");
            ProcessHandle holder = ProcessHandle.of(Long.parseLong(note.substring(note.lastIndexOf(' ') + 1))).orElseThrow();
            assertThat(holder.info().commandLine().orElse("")).contains("frob.jar");
            holder.destroyForcibly(); // SIGKILL: no clean-up in frob; the OS drops its lock
            await().atMost(Duration.ofSeconds(30)).until(() -> !holder.isAlive());
            Run next = ecr("pay", "6.00", "PLN", "--ref", "LOCK-AFTER-KILL");
            assertThat(next.exit()).as(next.toString()).isZero();
            assertThat(next.out()).contains("outcome APPROVED");
            // the first ecr's outcome is whatever its recovery finds; closing the try block stops it
        }
    }

    private static Run ecr(String... args) throws Exception {
        List<String> command = new ArrayList<>(Programs.command("ecr", "--connect", "127.0.0.1:" + port));
        command.addAll(List.of(args));
        return Run.of(dir, 60, command);
    }
}
