package tillbridge.frob.channel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.Packet;

class ChannelWriterTest {
    private static final Packet I1 = Packet.of("4E20", "I1", "20");

    @Test
    void writesJsonLinesWithErrorsAndClosed() {
        var out = new ByteArrayOutputStream();
        var w = new ChannelWriter(ChannelName.DEVICE, "s-1", ChannelFormat.JSON, out);
        assertThat(w.send(I1)).isTrue();
        w.sendError("bad");
        w.sendClosed();
        assertThat(out.toString(UTF_8)).isEqualTo("""
                {"channel":"device","session":"s-1","type":"I1","token":"4E20","fields":{"status":20}}
                {"channel":"device","session":"s-1","type":"error","fields":{"reason":"bad"}}
                {"channel":"device","session":"s-1","type":"closed","fields":{}}
                """);
    }

    @Test
    void version2IsAnnouncedFirstAndCarriesUnicodeWhileVersion1AndFramesAnnounceNothing() {
        var out = new ByteArrayOutputStream();
        var w = new ChannelWriter(ChannelName.DEVICE, "s-1", ChannelFormat.JSON, out);
        w.sendHello();
        w.send(Packet.of("4E21", "K0", "0", "ZA\u008F\u00D3\u00A3"));
        assertThat(out.toString(UTF_8)).isEqualTo("""
                {"channel":"device","session":"s-1","type":"hello","fields":{"version":2,"wire_charset":"windows-1250"}}
                {"channel":"device","session":"s-1","type":"K0","token":"4E21","fields":{"result":0,"output":"ZAŹÓŁ"}}
                """);
        for (ChannelFormat f : new ChannelFormat[] {ChannelFormat.JSON_V1, ChannelFormat.FRAME}) {
            var quiet = new ByteArrayOutputStream();
            new ChannelWriter(ChannelName.DEVICE, "s-1", f, quiet).sendHello();
            assertThat(quiet.size()).as(f.toString()).isZero();
        }
    }

    @Test
    void writesRawFramesAndNoControlMessagesInFrameFormat() {
        var out = new ByteArrayOutputStream();
        var w = new ChannelWriter(ChannelName.PAYMENT, "s-1", ChannelFormat.FRAME, out);
        w.send(I1);
        w.sendError("bad");
        w.sendClosed();
        assertThat(out.toByteArray()).isEqualTo(I1.frame().toArray());
    }

    @Test
    void aFailedWriteLosesTheChannel() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        var w = new ChannelWriter(ChannelName.PAYMENT, "s-1", ChannelFormat.JSON, broken);
        assertThat(w.send(I1)).isFalse();
        assertThat(w.open()).isFalse();
    }
}
