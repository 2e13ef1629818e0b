package tillbridge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.CupsDaemon;
import tillbridge.common.testing.IppEvePrinter;

/** A {@code cups:} queue on a private cupsd whose queue forwards to an ippeveprinter. */
class CupsPrinterTest {
    @TempDir Path dir;
    IppEvePrinter eve;
    CupsDaemon cups;
    IppPrinter printer;

    @BeforeEach
    void start() throws Exception {
        eve = new IppEvePrinter(dir, true);
        cups = new CupsDaemon("Tickets", eve.uri());
        printer = (IppPrinter) Printer.open(new PrinterConfig("office", PrinterAddress.parse("cups:Tickets", cups.server()), 576), IppPrinterTest.FAST);
        await().atMost(Duration.ofSeconds(20)).until(() -> printer.state().status() == PrinterState.Status.IDLE);
    }

    @AfterEach
    void stop() throws Exception {
        if (cups != null) cups.close();
        eve.close();
    }

    @Test
    void aPdfSentToACupsQueueCompletesAndArrivesAtThePrinterBehindIt() throws Exception {
        byte[] pdf = Pdfs.onePage();

        PrintOutcome outcome = printer.print(new PrintJob("job-cups-1", Document.of("application/pdf", pdf)));

        assertThat(outcome).isInstanceOf(PrintOutcome.Done.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> spooled(pdf));
        assertThat(printer.findJob("job-cups-1")).get().isInstanceOf(PrintOutcome.Done.class);
    }

    @Test
    void aPausedQueueFailsTheJobAsPausedWithoutSendingItAndPrintsItOnceWhenResumed() throws Exception {
        byte[] pdf = Pdfs.onePage();
        queue("Pause-Printer");
        await().atMost(Duration.ofSeconds(10)).until(() -> printer.state().status() == PrinterState.Status.STOPPED);

        PrintOutcome outcome = printer.print(new PrintJob("job-paused", Document.of("application/pdf", pdf)));

        assertThat(outcome).isInstanceOf(PrintOutcome.Failed.class);
        assertThat(outcome.reason()).startsWith("paused at the printer (printer office");
        assertThat(printer.findJob("job-paused")).as("the queue never got it, so sending it again is safe").isEmpty();

        queue("Resume-Printer");
        await().atMost(Duration.ofSeconds(10)).until(() -> printer.state().status() != PrinterState.Status.STOPPED);
        assertThat(printer.print(new PrintJob("job-paused", Document.of("application/pdf", pdf)))).isInstanceOf(PrintOutcome.Done.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> spooled(pdf));
        assertThat(spooledCount(pdf)).as("printed once").isEqualTo(1);
    }

    @Test
    void aQueueRejectingJobsFailsTheJobAsNotAcceptingAndKeepsNothing() throws Exception {
        queue("CUPS-Reject-Jobs");

        PrintOutcome outcome = printer.print(new PrintJob("job-rejected", Document.of("application/pdf", Pdfs.onePage())));

        assertThat(outcome).isInstanceOf(PrintOutcome.Failed.class);
        assertThat(outcome.reason()).startsWith("not accepting jobs: printer office").contains("server-error-not-accepting-jobs");
        assertThat(printer.findJob("job-rejected")).isEmpty();
    }

    /** Sends {@code operation} for the queue with CUPS' own ipptool, as an administrator would (cupsdisable, cupsreject). */
    private void queue(String operation) throws Exception {
        Path test = Files.writeString(dir.resolve(operation + ".test"), """
                {
                  OPERATION %s
                  GROUP operation-attributes-tag
                  ATTR charset attributes-charset utf-8
                  ATTR naturalLanguage attributes-natural-language en
                  ATTR uri printer-uri $uri
                  ATTR name requesting-user-name root
                  STATUS successful-ok
                }
                """.formatted(operation));
        Process p = new ProcessBuilder("ipptool", "-T", "10", "ipp://" + cups.server() + "/printers/Tickets", test.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(operation + ".out").toFile()).start();
        assertThat(p.waitFor()).as("ipptool %s: %s", operation, dir.resolve(operation + ".out")).isZero();
    }

    @Test
    void aCupsQueueNamesTheServerItIsOn() {
        assertThat(PrinterAddress.parse("cups:Office", cups.server()).shown()).isEqualTo("ipp://" + cups.server() + "/printers/Office");
        assertThat(PrinterAddress.parse("cups:Office", null).shown()).isEqualTo("ipp://localhost:631/printers/Office");
        assertThat(PrinterAddress.parse("cups:Office", "/run/cups/cups.sock").shown()).isEqualTo("ipp://localhost:631/printers/Office");
        assertThat(PrinterAddress.parse("cups:Office", "printhost").shown()).isEqualTo("ipp://printhost:631/printers/Office");
    }

    private boolean spooled(byte[] expected) throws Exception {
        return spooledCount(expected) > 0;
    }

    /** How many documents of the printer behind the queue hold exactly {@code expected}. */
    private long spooledCount(byte[] expected) throws Exception {
        try (Stream<Path> files = Files.walk(eve.spool)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Arrays.equals(Files.readAllBytes(f), expected);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
