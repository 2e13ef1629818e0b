package tillbridge.terminalsim;

import tillbridge.common.io.Listener;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.protocol.Wire;

/** The sale asking the ECR's operator (.77) and printing its receipt, with the test as frob relaying the ECR's answers. */
class PeripheralsTest {
    @TempDir
    Path dir;

    private Listener listener;
    private Peer frob;

    private void start(Config config) throws IOException {
        listener = Listener.bind("unix:" + dir.resolve("t.sock"));
        listener.start(new SimulatedTerminal(config, OutcomeJournal.inMemory())::serve);
        frob = Peer.connect(dir.resolve("t.sock"));
    }

    @AfterEach
    void stop() throws IOException {
        if (frob != null) frob.close();
        if (listener != null) listener.close();
    }

    /** Waits for the terminal's next request of {@code type} in session s1 and answers it as the ECR would. */
    private ChannelMessage.Packet answer(String type, Map<String, String> fields) throws IOException {
        ChannelMessage.Packet req = frob.first(type, m -> m.type().equals(type) && m.session().equals("s1") && !answered.contains(m));
        answered.add(req);
        frob.send(new ChannelMessage.Packet("payment", "s1", type.startsWith("K") ? "K0" : "D0", req.token(), fields));
        return req;
    }

    private final List<ChannelMessage.Packet> answered = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void signatureAmountAsksTheOperatorAndApprovesOnYes() throws IOException {
        start(TerminalSimTest.FAST);
        frob.send(Peer.sale("s1", "2713", "PAR/1", 1277));
        answer("K1", Map.of("result", "0"));
        ChannelMessage.Packet k4 = answer("K4", Map.of("result", "0", "output", "1"));
        assertThat(k4.fields()).containsEntry("text", "SIGNATURE OK?");
        answer("K2", Map.of("result", "0"));
        assertThat(frob.answer("2713").fields()).containsEntry("result", "0").containsEntry("message", "approved");
        assertThat(frob.statuses("s1")).containsExactly("20", "90", "100", "50", "120");
    }

    @Test
    void signatureAmountIsDeclinedWhenTheOperatorSaysNo() throws IOException {
        start(TerminalSimTest.FAST);
        frob.send(Peer.sale("s1", "2713", "PAR/2", 1277));
        answer("K1", Map.of("result", "0"));
        answer("K4", Map.of("result", "0", "output", "0"));
        answer("K2", Map.of("result", "0"));
        assertThat(frob.answer("2713").fields()).containsEntry("result", "5").containsEntry("message", "signature rejected")
                .containsEntry("amount", "0").satisfies(f -> assertThat(f.getOrDefault("auth_code", "")).as("no auth code").isEmpty());
    }

    @Test
    void signatureAmountIsDeclinedWhenTheEcrHasNoConsole() throws IOException {
        start(TerminalSimTest.FAST);
        frob.send(Peer.sale("s1", "2713", "PAR/3", 1277));
        answer("K1", Map.of("result", "999"));
        assertThat(frob.answer("2713").fields()).containsEntry("result", "5");
        assertThat(frob.packets()).noneMatch(m -> m.type().equals("K4"));
    }

    @Test
    void signatureAmountIsDeclinedWhenFrobReportsAnError() throws IOException {
        start(TerminalSimTest.FAST);
        frob.send(Peer.sale("s1", "2713", "PAR/4", 1277));
        frob.first("K1", m -> m.type().equals("K1"));
        frob.send(new ChannelMessage.Error("payment", "s1", "K1 [4E21]: no K0 from the ECR within 10 s"));
        assertThat(frob.answer("2713").fields()).containsEntry("result", "5");
    }

    @Test
    void receiptIsPrintedPacketByPacketBeforeTheS2() throws IOException {
        start(TerminalSimTest.FAST.withReceipts(true));
        frob.send(Peer.sale("s1", "2713", "PAR/5", 1200));
        ChannelMessage.Packet d2 = answer("D2", Map.of("result", "0"));
        assertThat(d2.fields()).containsEntry("title", "CUSTOMER RECEIPT");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5; i++) text.append(answer("D6", Map.of("result", "0")).fields().get("lines"));
        ChannelMessage.Packet d3 = answer("D3", Map.of("result", "0"));
        assertThat(d3.fields()).containsEntry("cut", "1");
        ChannelMessage.Packet s2 = frob.answer("2713");
        assertThat(s2.fields()).containsEntry("result", "0");
        assertThat(frob.received().indexOf(d3)).isLessThan(frob.received().indexOf(s2));
        assertThat(frob.statuses("s1")).endsWith("140");
        String lines = text.toString();
        assertThat(lines.split(String.valueOf((char) Wire.US))).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(CustomerReceipt.WIDTH));
        assertThat(lines).contains("12.00 PLN").contains("APPROVED").contains("REF").contains("PAR/5").contains(s2.fields().get("masked_pan"));
        assertThat(Integer.parseInt(d2.fields().get("lines"))).isEqualTo(lines.split(String.valueOf((char) Wire.US)).length);
    }

    @Test
    void refusedReceiptDoesNotHoldUpTheSale() throws IOException {
        start(TerminalSimTest.FAST.withReceipts(true));
        frob.send(Peer.sale("s1", "2713", "PAR/6", 1251));
        answer("D2", Map.of("result", "999", "message", "no printer"));
        assertThat(frob.answer("2713").fields()).containsEntry("result", "51");
        assertThat(frob.statuses("s1")).endsWith("150");
        assertThat(frob.packets()).noneMatch(m -> m.type().equals("D6"));
    }

    @Test
    void unansweredReceiptGivesUpAfterTheWaitAndTheSaleEnds() throws IOException {
        start(TerminalSimTest.FAST.withReceipts(true).withWaits(Duration.ofMillis(200), Duration.ofMillis(200)));
        frob.send(Peer.sale("s1", "2713", "PAR/7", 1200));
        frob.first("D2", m -> m.type().equals("D2"));
        assertThat(frob.answer("2713").fields()).containsEntry("result", "0");
    }
}
