package tillbridge.terminalsim;

import tillbridge.common.io.Listener;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeJournalTest {
    @TempDir
    Path dir;

    @Test
    void outcomeSurvivesARestart() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        Map<String, String> sale;
        try (OutcomeJournal journal = OutcomeJournal.open(file); Listener listener = Listener.bind("unix:" + dir.resolve("a.sock"))) {
            listener.start(new SimulatedTerminal(TerminalSimTest.FAST, journal)::serve);
            try (Peer frob = Peer.connect(dir.resolve("a.sock"))) {
                frob.send(Peer.sale("s1", "2713", "PAR/1", 4321));
                sale = frob.answer("2713").fields();
            }
        }

        try (OutcomeJournal journal = OutcomeJournal.open(file); Listener listener = Listener.bind("unix:" + dir.resolve("b.sock"))) {
            listener.start(new SimulatedTerminal(TerminalSimTest.FAST, journal)::serve);
            try (Peer frob = Peer.connect(dir.resolve("b.sock"))) {
                frob.send(Peer.statusQuery("s9", "2A00", "PAR/1"));
                assertThat(frob.answer("2A00").fields()).isEqualTo(sale).containsEntry("result", "0");
            }
        }
    }

    @Test
    void aMissingDirectoryIsMadeForTheOwnerOnly() throws IOException {
        Path file = dir.resolve("state/terminal-sim/journal.jsonl");
        try (OutcomeJournal journal = OutcomeJournal.open(file)) {
            assertThat(journal.size()).isZero();
        }
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state")))).isEqualTo("rwx------");
    }

    @Test
    void brokenAndUnmaskedLinesAreSkippedAtLoad() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        String good = "{\"at\":\"2025-05-01T10:00:00Z\",\"ecr_id\":\"KASA-01\",\"payment_id\":\"P1\",\"s2\":{\"result\":\"51\",\"card_token\":\"\","
                + "\"mid\":\"M1\",\"tid\":\"T1\",\"transaction_id\":\"X1\",\"masked_pan\":\"411111******1111\"}}";
        String unmasked = good.replace("P1", "P2").replace("411111******1111", "4111111111111111");
        Files.writeString(file, "garbage\n" + good + "\n" + unmasked + "\n{\"ecr_id\":\"KASA-01\",\"payment", StandardCharsets.UTF_8);

        try (OutcomeJournal journal = OutcomeJournal.open(file)) {
            assertThat(journal.size()).isEqualTo(1);
            assertThat(journal.find(new OutcomeJournal.Key("KASA-01", "P1")).orElseThrow()).containsEntry("result", "51");
            assertThat(journal.find(new OutcomeJournal.Key("KASA-01", "P2"))).isEmpty();
        }
    }

    @Test
    void laterOutcomeForTheSamePaymentWins() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        OutcomeJournal.Key key = new OutcomeJournal.Key("KASA-01", "P1");
        try (OutcomeJournal journal = OutcomeJournal.open(file)) {
            journal.record(key, Map.of("result", "51", "card_token", "", "mid", "M", "tid", "T", "transaction_id", "1"));
            journal.record(key, Map.of("result", "0", "card_token", "", "mid", "M", "tid", "T", "transaction_id", "2"));
        }
        try (OutcomeJournal journal = OutcomeJournal.open(file)) {
            assertThat(journal.find(key).orElseThrow()).containsEntry("result", "0").containsEntry("transaction_id", "2");
        }
    }

    @Test
    void lastTransactionOfAnEcrIdSurvivesARestart() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (OutcomeJournal journal = OutcomeJournal.open(file)) {
            journal.record(new OutcomeJournal.Key("KASA-01", "P1"), Map.of("result", "0", "card_token", "", "mid", "M", "tid", "T", "transaction_id", "1"));
            journal.record(new OutcomeJournal.Key("KASA-02", "Q1"), Map.of("result", "0", "card_token", "", "mid", "M", "tid", "T", "transaction_id", "2"));
            journal.record(new OutcomeJournal.Key("KASA-01", "P2"), Map.of("result", "51", "card_token", "", "mid", "M", "tid", "T", "transaction_id", "3"));
            assertThat(journal.last("KASA-01").orElseThrow().getKey().paymentId()).isEqualTo("P2");
        }
        try (OutcomeJournal journal = OutcomeJournal.open(file)) {
            assertThat(journal.last("KASA-01").orElseThrow().getKey().paymentId()).isEqualTo("P2");
            assertThat(journal.last("KASA-02").orElseThrow().getValue()).containsEntry("transaction_id", "2");
            assertThat(journal.last("KASA-03")).isEmpty();
        }
    }
}
