package tillbridge.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tillbridge.common.testing.LowPorts;
import tillbridge.protocol.Packet;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.DeviceParams;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Versions;

class TestAndConfigTest {
    private FakeTerminal fake;
    private EcrSession session;

    @AfterEach
    void tearDown() {
        if (session != null) session.close();
        if (fake != null) fake.close();
    }

    static final DeviceParams.Answer D5 = new DeviceParams.Answer(OptionalInt.of(40), OptionalInt.of(20), OptionalInt.of(9), OptionalInt.of(20),
            true, true, true, OptionalInt.of(26), OptionalInt.of(114), OptionalInt.of(128), OptionalInt.of(396), OptionalInt.of(255),
            OptionalInt.of(1000), OptionalInt.of(9999), OptionalInt.of(4), OptionalInt.of(20),
            List.of("O", "C", "X", "X", "", "Up", "Dn", "Up", "Dn"), 2, true, true, true, true);

    /** A terminal that answers T1, D4 and T3 (offering {@code versions}). */
    static FakeTerminal.Script answering(List<String> versions) {
        return (p, m, t) -> {
            switch (m) {
                case CommTest.Query q -> t.answer(p.token(), new CommTest.Answer("170", "ACME", "PINPAD", "00012345"));
                case DeviceParams.Request r -> t.answer(p.token(), D5);
                case Versions.Inquiry i -> t.answer(p.token(), new Versions.Proposal(versions));
                default -> { }
            }
        };
    }

    private void open(FakeTerminal.Script script) throws Exception {
        fake = new FakeTerminal(script);
        session = fake.session(EcrSessionTest.FAST);
    }

    @Test
    void testReturnsTheT2Answer() throws Exception {
        open(answering(List.of("170")));
        assertThat(session.test()).isEqualTo(new CommTest.Answer("170", "ACME", "PINPAD", "00012345"));
    }

    @Test
    void testOverTcp() throws Exception {
        try (ServerSocket server = LowPorts.loopback(1)) {
            Thread.ofVirtual().start(() -> {
                try {
                    Socket s = server.accept();
                    fake = new FakeTerminal(s.getInputStream(), s.getOutputStream(), answering(List.of("170")));
                } catch (java.io.IOException e) {
                    // test fails on its own
                }
            });
            session = Terminal.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(2), EcrSessionTest.FAST);
            assertThat(session.test().vendor()).isEqualTo("ACME");
        }
    }

    @Test
    void testWithoutAnswerTimesOut() throws Exception {
        open(FakeTerminal.SILENT);
        assertThatThrownBy(() -> session.test()).isInstanceOf(EcrException.class).hasMessageContaining("no T2");
    }

    @Test
    void configReadsD5AndSelectsTheHighestCommonVersion() throws Exception {
        open(answering(List.of("150", "160", "170", "180")));

        TerminalConfig c = session.config();

        assertThat(c.parameters()).isEqualTo(D5);
        assertThat(c.terminalVersions()).containsExactly("150", "160", "170", "180");
        assertThat(c.version()).isEqualTo("170");
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.count("T5") == 1);
        Packet t3 = fake.wire().stream().filter(p -> p.type().equals("T3")).findFirst().orElseThrow();
        Packet t5 = fake.wire().stream().filter(p -> p.type().equals("T5")).findFirst().orElseThrow();
        assertThat(t5.token()).as("T5 answers T4, which answers T3").isEqualTo(t3.token());
        assertThat(Messages.decode(t5)).isEqualTo(new Versions.Selection("170"));
    }

    @Test
    void configSelectsAnOlderCommonVersion() throws Exception {
        open(answering(List.of("160")));
        assertThat(session.config().version()).isEqualTo("160");
    }

    @Test
    void configWithoutCommonVersionFails() throws Exception {
        open(answering(List.of("150", "180")));
        assertThatThrownBy(() -> session.config()).isInstanceOf(EcrException.class)
                .hasMessageContaining("no common protocol version").hasMessageContaining("[150, 180]");
        assertThat(fake.count("T5")).isZero();
    }

    @Test
    void highestCommonVersionComparesNumbers() {
        assertThat(Responder.highestCommon(List.of("160", "170"), List.of("170", "160", ""))).contains("170");
        assertThat(Responder.highestCommon(List.of("90", "160"), List.of("90", "160", "1000"))).contains("160");
        assertThat(Responder.highestCommon(List.of("160"), List.of("170"))).isEmpty();
    }

    @Test
    void answersTheTerminalsPing() throws Exception {
        open(FakeTerminal.SILENT);
        List<tillbridge.protocol.message.Message> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        fake.script((p, m, t) -> got.add(m));
        fake.send(new CommTest.Query());
        await().atMost(Duration.ofSeconds(5)).until(() -> !got.isEmpty());
        assertThat(got.getFirst()).isInstanceOf(CommTest.Answer.class);
    }
}
