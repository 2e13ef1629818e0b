package tillbridge.frob.channel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tillbridge.common.channel.ChannelJson;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.frob.channel.ChannelReader.Inbound;
import tillbridge.frob.channel.ChannelReader.Received;
import tillbridge.frob.channel.ChannelReader.Refused;
import tillbridge.protocol.Packet;

class ChannelReaderTest {
    private static final String I1 = "{\"session\":\"s\",\"type\":\"I1\",\"fields\":{\"status\":\"20\"}}";

    @Test
    void jsonLinesAreReadWhateverTheChunking() {
        byte[] wire = (I1 + "\n\n" + I1 + "\r\n").getBytes(UTF_8);
        for (int size = 1; size <= wire.length; size++) {
            ChannelReader r = ChannelReader.of(ChannelFormat.JSON, ChannelName.PAYMENT, "s");
            List<Inbound> got = new ArrayList<>();
            for (int i = 0; i < wire.length; i += size) got.addAll(r.feed(Arrays.copyOfRange(wire, i, Math.min(wire.length, i + size))));
            assertThat(got).as("chunks of %d", size).hasSize(2).allSatisfy(in ->
                    assertThat(((ChannelMessage.Packet) ((Received) in).message()).fields()).containsEntry("status", "20"));
        }
    }

    @Test
    void overlongLineIsRefusedAndTheNextLineIsRead() {
        ChannelReader r = ChannelReader.of(ChannelFormat.JSON, ChannelName.PAYMENT, "s");
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        List<Inbound> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) got.addAll(r.feed(chunk));
        got.addAll(r.feed(("\n" + I1 + "\n").getBytes(UTF_8)));
        assertThat(got).hasSize(2);
        assertThat(((Refused) got.get(0)).reason()).contains("longer than " + ChannelJson.MAX_LINE);
        assertThat(got.get(1)).isInstanceOf(Received.class);
    }

    @Test
    void badJsonAndACutLineAreRefused() {
        ChannelReader r = ChannelReader.of(ChannelFormat.JSON, ChannelName.DEVICE, "s");
        assertThat(r.feed("[1,2]\n{\"type\":".getBytes(UTF_8))).singleElement().isInstanceOf(Refused.class);
        assertThat(r.endOfInput()).singleElement().satisfies(in -> assertThat(((Refused) in).reason()).contains("ended inside a line"));
    }

    @Test
    void framesAreTakenAsMessagesOfThisSession() {
        ChannelReader r = ChannelReader.of(ChannelFormat.FRAME, ChannelName.PAYMENT, "s-9");
        Packet s2 = Packet.of("2A31", "S2", "0", "", "", "", "");
        byte[] bad = Packet.of("1", "I1", "20").frame().toArray();
        bad[bad.length - 1] ^= 0x55;
        List<Inbound> got = new ArrayList<>(r.feed(bad));
        got.addAll(r.feed(s2.frame().toArray()));
        assertThat(((Refused) got.get(0)).reason()).contains("bad LRC");
        assertThat(((Received) got.get(1)).message()).isEqualTo(ChannelMessage.of("payment", "s-9", s2));
    }
}
