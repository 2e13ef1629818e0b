package tillbridge.nexo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    @Test
    void aPaymentsIdsSurviveARestartAndTheLastLineWins() throws Exception {
        Path file = dir.resolve("nexo-journal.jsonl");
        Journal.Key key = new Journal.Key("KASA-01", "PAR/1");
        try (Journal j = Journal.open(file)) {
            j.record(key, new Journal.Entry(new Mapping.Ids("00000000A1", "KASA-01", "POI-7"), "PLN", 1250, 0));
            j.record(key, new Journal.Entry(new Mapping.Ids("00000000A2", "KASA-01", "POI-7"), "PLN", 1300, 100));
        }
        // a line cut off by a crash is skipped
        Files.writeString(file, "{\"ecr_id\":\"KASA-01\",\"payment_id\":\"PAR/2\",\"serv", StandardOpenOption.APPEND);
        try (Journal j = Journal.open(file)) {
            assertThat(j.find(key)).contains(new Journal.Entry(new Mapping.Ids("00000000A2", "KASA-01", "POI-7"), "PLN", 1300, 100));
            assertThat(j.find(new Journal.Key("KASA-01", "PAR/2"))).isEmpty();
        }
        assertThat(Files.readString(file)).contains("\"service_id\":\"00000000A1\"").doesNotContain("card");
    }

    @Test
    void aPaymentThatNeverReachedThePoiIsForgottenAlsoAfterARestart() throws Exception {
        Path file = dir.resolve("nexo-journal.jsonl");
        Journal.Key unsent = new Journal.Key("KASA-01", "PAR/3");
        Journal.Key sent = new Journal.Key("KASA-01", "PAR/4");
        try (Journal j = Journal.open(file)) {
            j.record(unsent, new Journal.Entry(new Mapping.Ids("00000000B1", "KASA-01", "POI-7"), "PLN", 500, 0));
            j.record(sent, new Journal.Entry(new Mapping.Ids("00000000B2", "KASA-01", "POI-7"), "PLN", 700, 0));
            j.forget(unsent);
            assertThat(j.find(unsent)).isEmpty();
        }
        try (Journal j = Journal.open(file)) {
            assertThat(j.find(unsent)).isEmpty();
            assertThat(j.find(sent)).isPresent();
        }
    }

    @Test
    void inMemoryForgetsAtTheEnd() throws Exception {
        Journal.Key key = new Journal.Key("K", "P");
        try (Journal j = Journal.inMemory()) {
            j.record(key, new Journal.Entry(new Mapping.Ids("S", "K", "P"), "EUR", 1, 0));
            assertThat(j.find(key)).isPresent();
        }
        assertThat(Journal.inMemory().find(key)).isEmpty();
    }
}
