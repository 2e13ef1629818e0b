package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal software using the cash register through frob, with real processes: terminal-sim
 * (payment and storage channels, receipts on) behind frob under {@code tcpserver}, and the
 * {@code ecr} CLI as the cash register printing receipts and answering the operator's questions.
 */
class TerminalUsesTheEcrTest {
    @TempDir
    static Path dir;
    private static Venue venue;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        String payment = "unix:" + dir.resolve("payment.sock");
        String storage = "unix:" + dir.resolve("storage.sock");
        venue = Venue.start(dir, List.of("--listen", payment, "--storage-listen", storage, "--journal", dir.resolve("journal.jsonl").toString(),
                "--print-receipts", "--slow-ms", "60000"), List.of("--payment", payment, "--storage", storage));
        port = venue.port();
    }

    @AfterAll
    static void stop() throws Exception {
        venue.close();
    }

    @Test
    void approvedSalePrintsTheCustomerReceiptOnTheEcrBeforeTheOutcome() throws Exception {
        Run r = ecr("pay", "12.00", "PLN", "--ref", "IT-RECEIPT", "--ecr-id", "IT-KASA-1");
        assertThat(r.exit()).as(r.toString()).isZero();
        String out = r.out();
        assertThat(out).contains("status 140", "receipt begin CUSTOMER RECEIPT", "1 2 . 0 0   P L N", "IT-RECEIPT", "APPROVED", "receipt end (cut)");
        assertThat(out.indexOf("receipt end (cut)")).isLessThan(out.indexOf("outcome APPROVED"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(Programs.read(dir.resolve("terminal-sim.log"))).contains("IT-KASA-1/IT-RECEIPT result 0 already journaled"));
    }

    @Test
    void operatorsScriptedNoToTheSignatureQuestionDeclinesTheSale() throws Exception {
        Run r = ecr("pay", "12.77", "PLN", "--ref", "IT-SIGN-NO", "--answer", "no");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("console question SIGNATURE OK? (yes/no)", "console answer no (scripted)", "outcome DECLINED", "result 5",
                "SIGNATURE REJECTED");
    }

    @Test
    void operatorsScriptedYesToTheSignatureQuestionApprovesTheSale() throws Exception {
        Run r = ecr("pay", "12.77", "PLN", "--ref", "IT-SIGN-YES", "--answer", "yes");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("console answer yes (scripted)", "outcome APPROVED");
    }

    @Test
    void lastTransactionOutcomeIsFoundAfterThePayingEcrWasKilled() throws Exception {
        List<String> command = new ArrayList<>(Programs.command("ecr", "--connect", "127.0.0.1:" + port));
        command.addAll(List.of("pay", "12.99", "PLN", "--ecr-id", "IT-KASA-KILL"));
        Process pay = new ProcessBuilder(command).redirectError(dir.resolve("killed-pay.err").toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (var r = new BufferedReader(new InputStreamReader(pay.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException e) {
                // killed
            }
        });
        String reference = null;
        for (String l; (l = lines.poll(30, TimeUnit.SECONDS)) != null; ) {
            if (l.startsWith("reference ")) reference = l.substring("reference ".length());
            if (l.startsWith("status 100")) break; // the slow amount now waits before its authorisation
        }
        assertThat(reference).as("the reference printed first").isNotNull();
        pay.destroyForcibly();
        assertThat(pay.waitFor(15, TimeUnit.SECONDS)).isTrue();

        Run r = ecr("status", "--last", "--ecr-id", "IT-KASA-KILL");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("outcome ABORTED (from a status query)", "reference " + reference, "result 17");
    }

    private static Run ecr(String... args) throws Exception {
        List<String> command = new ArrayList<>(Programs.command("ecr", "--connect", "127.0.0.1:" + port));
        command.addAll(List.of(args));
        return Run.of(dir, 60, command);
    }

}
