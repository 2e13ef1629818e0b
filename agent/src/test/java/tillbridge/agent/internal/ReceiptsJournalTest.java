package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.agent.AgentConfig.TerminalSpec;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.print.PrintTimeouts;
import tillbridge.agent.print.PrinterAddress;
import tillbridge.agent.print.PrinterConfig;
import tillbridge.contract.JobResult;
import tillbridge.contract.Outcome;
import tillbridge.ecr.Receipt;

/** Receipts the terminal prints during a payment are journaled with it, so its result carries them after a crash. */
class ReceiptsJournalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TerminalSpec TERMINAL = new TerminalSpec("T1", "127.0.0.1", 9, "KASA-01", Optional.of("bar"));
    private static final AgentConfig CONFIG = new AgentConfig(URI.create("http://127.0.0.1:9"), Optional.empty(), Duration.ofSeconds(30),
            List.of(TERMINAL), List.of(new PrinterConfig("bar", PrinterAddress.parse("socket://127.0.0.1:9"), 576)));

    @TempDir Path dir;

    private static Receipts receipts(JobJournal journal) {
        AgentEvents events = new AgentEvents() {};
        // the printouts go nowhere: this test is about their text, not the printer
        return new Receipts(CONFIG, journal, new Prints(CONFIG, journal, events, PrintTimeouts.DEFAULTS, id -> null, Time.SYSTEM, (j, e) -> {}), events, lane -> task -> {}, (j, e) -> {});
    }

    private static Receipt receipt(String title, String line) {
        return new Receipt(title, List.of(new Receipt.Line(line, "")), true);
    }

    @Test
    void receiptsPrintedBeforeACrashAreInThePaymentsResultAfterTheRestart() throws Exception {
        try (JobJournal journal = JobJournal.open(dir, Clock.systemUTC())) {
            journal.received("job_r1", "payment", JSON.createObjectNode().put("amount", 1250));
            Receipts before = receipts(journal);
            before.received("job_r1", TERMINAL, receipt("CUSTOMER RECEIPT", "Kwota 12,50 PLN zapłacono"));
            before.received("job_r1", TERMINAL, receipt("MERCHANT COPY", "Kwota 12,50 PLN"));
        } // the agent stops here: no result was made

        try (JobJournal journal = JobJournal.open(dir, Clock.systemUTC())) {
            JobResult result = receipts(journal).attach("job_r1", JobResult.of(Outcome.APPROVED, "approved"));

            assertThat(result.receipts()).hasSize(2);
            assertThat(result.receipts().get(0).title()).isEqualTo("CUSTOMER RECEIPT");
            assertThat(result.receipts().get(0).text()).contains("Kwota 12,50 PLN zapłacono");
            assertThat(result.receipts().get(1).title()).isEqualTo("MERCHANT COPY");
        }
    }

    @Test
    void atMostFourReceiptsAreKeptAndAResultThatHasReceiptsKeepsThem() throws Exception {
        try (JobJournal journal = JobJournal.open(dir, Clock.systemUTC())) {
            journal.received("job_r2", "payment", JSON.createObjectNode());
            Receipts r = receipts(journal);
            for (int i = 1; i <= 6; i++) r.received("job_r2", TERMINAL, receipt("COPY " + i, "x"));

            assertThat(journal.job("job_r2").orElseThrow().receipts()).hasSize(Receipts.MAX_PER_JOB);
            JobResult already = JobResult.of(Outcome.APPROVED, "approved").withReceipts(List.of(new JobResult.Receipt("KEPT", "")));
            assertThat(r.attach("job_r2", already).receipts()).extracting(JobResult.Receipt::title).containsExactly("KEPT");
        }
    }

    @Test
    void receiptsSurviveTheJournalsCompaction() throws Exception {
        try (JobJournal journal = JobJournal.open(dir, Clock.systemUTC())) {
            journal.received("job_r3", "payment", JSON.createObjectNode());
            receipts(journal).received("job_r3", TERMINAL, receipt("CUSTOMER RECEIPT", "Suma 5,00"));
        }
        try (JobJournal journal = JobJournal.open(dir, Clock.systemUTC(), 0)) {
            assertThat(journal.job("job_r3").orElseThrow().receipts()).extracting(JobResult.Receipt::title).containsExactly("CUSTOMER RECEIPT");
        }
    }
}
