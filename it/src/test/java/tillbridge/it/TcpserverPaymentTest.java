package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole ECR-EFT slice as a venue runs it: {@code tcpserver} spawns one frob per cash-register
 * connection, frob's payment channel is terminal-sim's UNIX socket, and the {@code ecr} CLI pays.
 */
class TcpserverPaymentTest {
    @TempDir
    static Path dir;
    private static Venue venue;

    @BeforeAll
    static void start() throws Exception {
        String sock = "unix:" + dir.resolve("payment.sock");
        venue = Venue.start(dir, List.of("--listen", sock, "--slow-ms", "5000"), List.of("--payment", sock));
    }

    @AfterAll
    static void stop() throws Exception {
        venue.close();
    }

    @Test
    void approvedPaymentShowsStatusesThenAMaskedCard() throws Exception {
        Run r = ecr("pay", "12.00", "PLN", "--ref", "IT-APPROVED");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("status 20").contains("status 90").contains("outcome APPROVED")
                .containsPattern("masked_pan \\d{6}\\*{6}\\d{4}").containsPattern("auth_code \\w{6}");
        assertThat(frobLog()).contains("TCPREMOTEIP");
    }

    @Test
    void declinedPaymentExitsOneWithTheTerminalsCode() throws Exception {
        Run r = ecr("pay", "12.51", "PLN", "--ref", "IT-DECLINED");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("outcome DECLINED").contains("result 51");
    }

    @Test
    void paymentAbortedMidWayExitsTwo() throws Exception {
        Run r = ecr("pay", "12.99", "PLN", "--ref", "IT-ABORTED", "--abort-after", "1");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("abort acknowledged").contains("status 180").contains("outcome ABORTED");
    }

    @Test
    void statusQueryOnANewConnectionRecoversAnEarlierOutcome() throws Exception {
        assertThat(ecr("pay", "7.00", "PLN", "--ref", "IT-STATUS").exit()).isZero();
        Run r = ecr("status", "--ref", "IT-STATUS");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("outcome APPROVED");
    }

    @Test
    void communicationTestAnswersWithTheDeviceInfo() throws Exception {
        Run r = ecr("test");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("version");
    }

    private static Run ecr(String... args) throws Exception {
        List<String> command = new ArrayList<>(Programs.command("ecr", "--connect", "127.0.0.1:" + venue.port()));
        command.addAll(List.of(args));
        return Run.of(dir, 60, command);
    }

    private static String frobLog() throws IOException {
        return Files.readString(dir.resolve("frob.log"));
    }

}
