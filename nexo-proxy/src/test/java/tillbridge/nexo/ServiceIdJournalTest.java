package tillbridge.nexo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceIdJournalTest {
    @TempDir
    Path dir;

    @Test
    void aPaymentsIdsSurviveARestartAndTheLastLineWins() throws Exception {
        Path file = dir.resolve("nexo-journal.jsonl");
        ServiceIdJournal.Key key = new ServiceIdJournal.Key("KASA-01", "PAR/1");
        try (ServiceIdJournal j = ServiceIdJournal.open(file)) {
            j.record(key, new ServiceIdJournal.Entry(new Mapping.Ids("00000000A1", "KASA-01", "POI-7"), "PLN", 1250, 0));
            j.record(key, new ServiceIdJournal.Entry(new Mapping.Ids("00000000A2", "KASA-01", "POI-7"), "PLN", 1300, 100));
        }
        // a line cut off by a crash is skipped
        Files.writeString(file, "{\"ecr_id\":\"KASA-01\",\"payment_id\":\"PAR/2\",\"serv", StandardOpenOption.APPEND);
        try (ServiceIdJournal j = ServiceIdJournal.open(file)) {
            assertThat(j.find(key)).contains(new ServiceIdJournal.Entry(new Mapping.Ids("00000000A2", "KASA-01", "POI-7"), "PLN", 1300, 100));
            assertThat(j.find(new ServiceIdJournal.Key("KASA-01", "PAR/2"))).isEmpty();
        }
        assertThat(Files.readString(file)).contains("\"service_id\":\"00000000A1\"").doesNotContain("card");
    }

    @Test
    void aPaymentThatNeverReachedThePoiIsForgottenAlsoAfterARestart() throws Exception {
        Path file = dir.resolve("nexo-journal.jsonl");
        ServiceIdJournal.Key unsent = new ServiceIdJournal.Key("KASA-01", "PAR/3");
        ServiceIdJournal.Key sent = new ServiceIdJournal.Key("KASA-01", "PAR/4");
        try (ServiceIdJournal j = ServiceIdJournal.open(file)) {
            j.record(unsent, new ServiceIdJournal.Entry(new Mapping.Ids("00000000B1", "KASA-01", "POI-7"), "PLN", 500, 0));
            j.record(sent, new ServiceIdJournal.Entry(new Mapping.Ids("00000000B2", "KASA-01", "POI-7"), "PLN", 700, 0));
            j.forget(unsent);
            assertThat(j.find(unsent)).isEmpty();
        }
        try (ServiceIdJournal j = ServiceIdJournal.open(file)) {
            assertThat(j.find(unsent)).isEmpty();
            assertThat(j.find(sent)).isPresent();
        }
    }

    @Test
    void inMemoryForgetsAtTheEnd() throws Exception {
        ServiceIdJournal.Key key = new ServiceIdJournal.Key("K", "P");
        try (ServiceIdJournal j = ServiceIdJournal.inMemory()) {
            j.record(key, new ServiceIdJournal.Entry(new Mapping.Ids("S", "K", "P"), "EUR", 1, 0));
            assertThat(j.find(key)).isPresent();
        }
        assertThat(ServiceIdJournal.inMemory().find(key)).isEmpty();
    }
}
