package tillbridge.common.channel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.ProtocolException;

class ChannelPeerTest {
    private final ByteArrayOutputStream toFrob = new ByteArrayOutputStream();
    private final ChannelPeer peer = new ChannelPeer("test", "payment", toFrob);

    @Test
    void goodLinesArePassedOnAndBadOnesToldToFrobWithTheirSession() throws Exception {
        String input = "\n{\"session\":\"7-1\",\"type\":\"S1\",\"token\":\"2711\",\"fields\":{}}\n"
                + "not json\n"
                + "{\"type\":\"T1\",\"x\":\"" + "y".repeat(ChannelJson.MAX_LINE) + "\"}\n";
        List<ChannelMessage> got = new ArrayList<>();
        peer.readLines(new ByteArrayInputStream(input.getBytes(UTF_8)), got::add);

        assertThat(got).singleElement().isInstanceOfSatisfying(ChannelMessage.Packet.class, m ->
                assertThat(tuple(m.session(), m.type())).isEqualTo(tuple("7-1", "S1")));
        List<ChannelMessage.Error> errors = sent();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).reason()).startsWith("not JSON");
        assertThat(errors.get(1).reason()).isEqualTo("line longer than " + ChannelJson.MAX_LINE + " characters");
    }

    @Test
    void afterFrobsHelloTheConnectionSpeaksVersion2BothWays() throws Exception {
        String input = ChannelJson.V2.hello("payment", "7-1").orElseThrow() + "\n"
                + "{\"channel\":\"payment\",\"session\":\"7-1\",\"type\":\"D6\",\"token\":\"5\",\"fields\":{\"attributes\":\"\",\"lines\":[\"Łódź\"]}}\n";
        List<ChannelMessage> got = new ArrayList<>();
        peer.readLines(new ByteArrayInputStream(input.getBytes(UTF_8)), got::add);
        assertThat(got).singleElement().isInstanceOfSatisfying(ChannelMessage.Packet.class, m ->
                assertThat(m.fields().get("lines")).isEqualTo("\u00a3\u00f3d\u009f\u001f"));
        peer.send(new ChannelMessage.Packet("payment", "7-1", "I1", "", Map.of("status", "20")));
        assertThat(toFrob.toString(UTF_8)).contains("\"fields\":{\"status\":20}");
    }

    @Test
    void aBrokenPaymentPacketIsRefusedAndAMessageForAnotherPartyIgnored() {
        var s1WithoutToken = new ChannelMessage.Packet("payment", "7-1", "S1", "", Map.of());
        var forTheUi = new ChannelMessage.Packet("ui", "7-1", "K3", "12", Map.of());
        assertThat(peer.paymentPacket(s1WithoutToken, () -> "99")).isEmpty();
        assertThat(peer.paymentPacket(forTheUi, () -> "99")).isEmpty();
        assertThat(sent()).singleElement().satisfies(e -> {
            assertThat(e.session()).isEqualTo("7-1");
            assertThat(e.reason()).isEqualTo("S1 needs a token for its answer");
        });
    }

    @Test
    void reasonsAreMaskedPrintableAndBounded() throws Exception {
        peer.reject("7-1", "card 4111111111111111 refused\u0007" + "x".repeat(300));
        String reason = sent().getFirst().reason();
        assertThat(reason).doesNotContain("4111111111111111").doesNotContain("\u0007").hasSize(200).endsWith("...");
    }

    @Test
    void afterAFailedWriteNothingMoreIsWritten() {
        List<String> writes = new ArrayList<>();
        OutputStream failingOnce = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes.add(new String(b, off, len, UTF_8));
                if (writes.size() == 1) throw new IOException("peer gone");
            }
        };
        ChannelPeer p = new ChannelPeer("test", "payment", failingOnce);
        p.reject("", "first");
        p.reject("", "second");
        assertThat(writes).hasSize(1);
    }

    /** What the peer told frob: errors only, in these tests. */
    private List<ChannelMessage.Error> sent() {
        List<ChannelMessage.Error> out = new ArrayList<>();
        for (String line : toFrob.toString(UTF_8).split("\n")) {
            try {
                out.add((ChannelMessage.Error) ChannelJson.V1.read(line));
            } catch (ProtocolException e) {
                throw new AssertionError(line, e);
            }
        }
        return out;
    }
}
