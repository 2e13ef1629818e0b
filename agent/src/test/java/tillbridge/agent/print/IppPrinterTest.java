package tillbridge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hp.jipp.encoding.AttributeGroup;
import com.hp.jipp.encoding.IppPacket;
import com.hp.jipp.model.Types;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    @Test
    void theJobsCopiesAndMediaAreOnTheJobAsThePrinterSeesIt() throws Exception {
        // DL envelopes: a size the printer lists but does not default to
        PrintOutcome outcome = printer.print(new PrintJob("job-copies", Document.of("application/pdf", Pdfs.onePage()), 3, Optional.of("iso_dl_110x220mm")));

        assertThat(outcome).isInstanceOf(PrintOutcome.Done.class);
        AttributeGroup job = jobAsThePrinterSeesIt("job-copies");
        assertThat(job.getValue(Types.copies)).isEqualTo(3);
        assertThat(job.getString(Types.media)).isEqualTo("iso_dl_110x220mm");
    }

    @Test
    void aTextReceiptIsSpooledAsPlainTextHoldingTheReceiptsLines() throws Exception {
        String receipt = "Bilet 7\nRząd 4 miejsce 12\nRazem: 45,00 zł\n";

        assertThat(printer.print(new PrintJob("job-receipt", Document.text(receipt)))).isInstanceOf(PrintOutcome.Done.class);

        AttributeGroup job = jobAsThePrinterSeesIt("job-receipt");
        assertThat(job.get("document-format-supplied").strings()).containsExactly("text/plain");
        // ippeveprinter names a kept document JOBID-JOBNAME.EXT; the print command's output is .prn
        Path spooled = eve.spool.resolve(job.getValue(Types.jobId) + "-job-receipt.dat");
        assertThat(Files.readString(spooled, StandardCharsets.UTF_8)).isEqualTo(receipt);
    }

    @Test
    void aPrinterOutOfPaperHoldsTheJobWhichIsUnknownUntilPaperComesAndThenPrintsOnce() throws Exception {
        // ippeveprinter cannot be paused (no Pause-Printer, always accepting jobs); the nearest it
        // has to a printer that will not print is emptying its trays through its web form
        paperInTrays(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> printer.state().reasons().contains("media-empty"));
        IppPrinter impatient = open(new PrintTimeouts(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(100)));

        PrintOutcome outcome = impatient.print(new PrintJob("job-paper", Document.text("Bilet 9\n")));

        assertThat(outcome).isInstanceOf(PrintOutcome.Unknown.class);
        assertThat(outcome.reason()).contains("still processing").contains("printer now: out of paper");
        assertThat(printer.findJob("job-paper")).as("held at the printer: recovery must not send it again").get().isInstanceOf(PrintOutcome.Unknown.class);
        PrintOutcome other = printer.print(new PrintJob("job-other", Document.text("Bilet 10\n")));
        assertThat(other).isInstanceOf(PrintOutcome.Failed.class);
        assertThat(other.reason()).startsWith("busy: ");

        paperInTrays(100);

        await().atMost(Duration.ofSeconds(20)).until(() -> printer.findJob("job-paper").orElseThrow() instanceof PrintOutcome.Done);
        try (Stream<Path> files = Files.list(eve.spool)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".dat")).toList())
                    .as("one document for the held job, none for the refused one").containsExactly("1-job-paper.dat");
        }
    }

    /**
     * Sets how many A4 sheets ippeveprinter's two real trays ({@code main}, {@code by-pass-tray})
     * hold, through the media form of its web page (it offers that for testing); 0 = out of paper.
     */
    private void paperInTrays(int sheets) throws Exception {
        String form = "size1=iso_a4_210x297mm&level1=%1$d&size3=iso_a4_210x297mm&level3=%1$d".formatted(sheets);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + eve.port + "/media?" + form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    /** The job named {@code jobName} as the printer lists it among its completed and pending jobs. */
    private AttributeGroup jobAsThePrinterSeesIt(String jobName) throws IOException {
        IppClient client = new IppClient(((PrinterAddress.Ipp) PrinterAddress.parse(eve.uri())).httpUri(), Duration.ofSeconds(3), Duration.ofSeconds(3),
                PrinterTrust.context(Optional.empty()));
        List<AttributeGroup> named = new ArrayList<>();
        for (String which : List.of("not-completed", "completed")) {
            IppPacket r = client.send(IppPacket.getJobs(URI.create(eve.uri())).putOperationAttributes(Types.requestingUserName.of("test"),
                    Types.whichJobs.of(which), Types.requestedAttributes.of("all")).build());
            r.getAttributeGroups().stream().filter(g -> g.getTag() == com.hp.jipp.encoding.Tag.jobAttributes && jobName.equals(g.getString(Types.jobName)))
                    .forEach(named::add);
        }
        assertThat(named).as("jobs named " + jobName).hasSize(1);
        return named.getFirst();
    }

    private static boolean sameBytes(Path f, byte[] expected) {
        try {
            return Arrays.equals(Files.readAllBytes(f), expected);
        } catch (IOException e) {
            return false;
        }
    }
}
