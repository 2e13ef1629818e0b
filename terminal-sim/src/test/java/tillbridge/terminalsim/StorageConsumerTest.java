package tillbridge.terminalsim;

import tillbridge.common.io.Listener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.channel.ChannelMessage;

/** terminal-sim bound as the consumer of frob's storage channel: the journal is fed from it. */
class StorageConsumerTest {
    @TempDir
    Path dir;

    private OutcomeJournal journal;
    private Listener payment;
    private Listener storage;

    @BeforeEach
    void start() throws IOException {
        journal = OutcomeJournal.open(dir.resolve("journal.jsonl"));
        payment = Listener.bind("unix:" + dir.resolve("payment.sock"));
        payment.start(new SimulatedTerminal(TerminalSimTest.FAST, journal)::serve);
        storage = Listener.bind("unix:" + dir.resolve("storage.sock"));
        StorageConsumer consumer = new StorageConsumer(journal);
        storage.start((name, in, out) -> consumer.serve(name, in));
    }

    @AfterEach
    void stop() throws IOException {
        payment.close();
        storage.close();
        journal.close();
    }

    @Test
    void completedTransactionOnTheStorageChannelIsJournaledAndFoundByAStatusQuery() throws IOException {
        try (Peer frob = Peer.connect(dir.resolve("storage.sock"))) {
            frob.send(storageCopy(Peer.sale("7-1", "2713", "EXT/1", 2500)));
            frob.send(new ChannelMessage.Packet("storage", "7-1", "S2", "2713", Map.of("result", "0", "card_token", "", "mid", "M9", "tid", "T9",
                    "transaction_id", "OTHER-1", "amount", "2500")));
        }
        OutcomeJournal.Key key = new OutcomeJournal.Key("KASA-01", "EXT/1");
        await().atMost(Peer.PATIENCE).until(() -> journal.find(key).isPresent());
        assertThat(journal.find(key).orElseThrow()).containsEntry("transaction_id", "OTHER-1");
        assertThat(Files.readString(dir.resolve("journal.jsonl"))).contains("\"source\":\"storage\"");

        try (Peer frob = Peer.connect(dir.resolve("payment.sock"))) {
            frob.send(Peer.statusQuery("8-1", "2714", "LAST"));
            assertThat(frob.answer("2714").fields()).containsEntry("payment_id", "EXT/1").containsEntry("tid", "T9");
        }
    }

    @Test
    void answersThatReportNoOutcomeAndStatusQueriesAreNotJournaled() throws IOException {
        try (Peer frob = Peer.connect(dir.resolve("storage.sock"))) {
            frob.send(storageCopy(Peer.sale("7-1", "2713", "EXT/2", 2500)));
            frob.send(new ChannelMessage.Packet("storage", "7-1", "S2", "2713", Map.of("result", "995", "card_token", "", "mid", "", "tid", "", "transaction_id", "")));
            frob.send(storageCopy(Peer.statusQuery("7-1", "2714", "EXT/3")));
            frob.send(new ChannelMessage.Packet("storage", "7-1", "S2", "2714", Map.of("result", "0", "card_token", "", "mid", "", "tid", "", "transaction_id", "")));
            frob.send("not json");
            frob.send(storageCopy(Peer.sale("7-1", "2715", "EXT/4", 100)));
            frob.send(new ChannelMessage.Packet("storage", "7-1", "S2", "2715", Map.of("result", "51", "card_token", "", "mid", "", "tid", "", "transaction_id", "T")));
        }
        await().atMost(Peer.PATIENCE).until(() -> journal.find(new OutcomeJournal.Key("KASA-01", "EXT/4")).isPresent());
        assertThat(journal.find(new OutcomeJournal.Key("KASA-01", "EXT/2"))).isEmpty();
        assertThat(journal.find(new OutcomeJournal.Key("KASA-01", "EXT/3"))).isEmpty();
    }

    @Test
    void saleThisSimulatorRanIsJournaledOnceWhenFrobReportsItAgain() throws IOException {
        Map<String, String> s2;
        try (Peer frob = Peer.connect(dir.resolve("payment.sock"))) {
            frob.send(Peer.sale("7-1", "2713", "OWN/1", 1000));
            s2 = frob.answer("2713").fields();
        }
        try (Peer frob = Peer.connect(dir.resolve("storage.sock"))) {
            frob.send(storageCopy(Peer.sale("7-1", "2713", "OWN/1", 1000)));
            frob.send(new ChannelMessage.Packet("storage", "7-1", "S2", "2713", s2));
            frob.send(storageCopy(Peer.sale("7-1", "2799", "MARK", 1000)));
            frob.send(new ChannelMessage.Packet("storage", "7-1", "S2", "2799", Map.of("result", "5", "card_token", "", "mid", "", "tid", "", "transaction_id", "")));
        }
        await().atMost(Peer.PATIENCE).until(() -> journal.find(new OutcomeJournal.Key("KASA-01", "MARK")).isPresent());
        assertThat(Files.readAllLines(dir.resolve("journal.jsonl"))).filteredOn(l -> l.contains("OWN/1")).hasSize(1);
    }

    private static ChannelMessage storageCopy(ChannelMessage.Packet m) {
        return new ChannelMessage.Packet("storage", m.session(), m.type(), m.token(), m.fields());
    }
}
