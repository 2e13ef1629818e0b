package tillbridge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.IppEvePrinter;

class IppPrinterTest {
    static final PrintTimeouts FAST = new PrintTimeouts(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(20), Duration.ofMillis(100));

    @TempDir Path dir;
    IppEvePrinter eve;
    IppPrinter printer;

    @BeforeEach
    void start(TestInfo test) throws Exception {
        eve = new IppEvePrinter(dir, !test.getTags().contains("slow-printer"));
        printer = open(FAST);
        await().atMost(Duration.ofSeconds(20)).until(() -> printer.state().status() == PrinterState.Status.IDLE);
    }

    @AfterEach
    void stop() throws Exception {
        eve.close();
    }

    private IppPrinter open(PrintTimeouts timeouts) {
        return (IppPrinter) Printer.open(new PrinterConfig("tickets", PrinterAddress.parse(eve.uri()), 576), timeouts);
    }

    @Test
    void aPdfArrivesByteForByteAndTheJobCompletes() throws Exception {
        byte[] pdf = Pdfs.onePage();
        PrintOutcome outcome = printer.print(new PrintJob("job-42", Document.of("application/pdf", pdf), 2, Optional.of("iso_a4_210x297mm")));

        assertThat(outcome).isInstanceOf(PrintOutcome.Done.class);
        assertThat(outcome.reason()).contains("completed");
        try (Stream<Path> files = Files.walk(eve.spool)) {
            assertThat(files.filter(Files::isRegularFile).anyMatch(f -> sameBytes(f, pdf))).isTrue();
        }
    }

    @Test
    void aPrintedJobIsFoundByItsNameAndAnUnknownNameIsNot() throws Exception {
        assertThat(printer.print(new PrintJob("job-7", Document.text("Bilet 7\n")))).isInstanceOf(PrintOutcome.Done.class);

        assertThat(printer.findJob("job-7")).get().isInstanceOf(PrintOutcome.Done.class);
        assertThat(printer.findJob("job-8")).isEmpty();
    }

    @Test
    void aFormatThePrinterRefusesFailsAsRejectedFormat() {
        PrintOutcome outcome = printer.print(new PrintJob("job-raw", Document.of("application/octet-stream", new byte[] {1, 2, 3})));

        assertThat(outcome).isInstanceOf(PrintOutcome.Failed.class);
        assertThat(outcome.reason()).startsWith("rejected format");
    }

    @Test
    @Tag("slow-printer")
    void aJobStillPrintingWhenTheWaitEndsIsUnknownAndFoundStillPrinting() throws Exception {
        IppPrinter impatient = open(new PrintTimeouts(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(100)));

        PrintOutcome outcome = impatient.print(new PrintJob("job-slow", Document.text("x")));

        assertThat(outcome).isInstanceOf(PrintOutcome.Unknown.class);
        assertThat(outcome.reason()).contains("still");
        assertThat(printer.findJob("job-slow")).get().isInstanceOf(PrintOutcome.Unknown.class);
    }

    @Test
    void aKilledPrinterFailsTheJobAsOfflineAndShowsOffline() throws Exception {
        eve.killPrinter();

        PrintOutcome outcome = printer.print(new PrintJob("job-9", Document.text("x")));

        assertThat(outcome).isInstanceOf(PrintOutcome.Failed.class);
        assertThat(outcome.reason()).startsWith("offline");
        assertThat(printer.state().reasons()).contains("offline");
    }

    private static boolean sameBytes(Path f, byte[] expected) {
        try {
            return Arrays.equals(Files.readAllBytes(f), expected);
        } catch (IOException e) {
            return false;
        }
    }
}
