package tillbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static tillbridge.protocol.Gens.qt;

import java.util.List;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Unknown;

/** decode(encode(x)) == x for packets generated from the message table's schema, at every layer. */
class CodecPropertiesTest {
    @Test
    void packetParseInvertsBody() {
        qt().forAll(Gens.validPacket()).checkAssert(p -> assertThat(parse(p.body())).isEqualTo(p));
    }

    @Test
    void frameDecoderInAnyChunkingGivesBackThePacket() {
        qt().forAll(Gens.validPacket().flatMap(p -> Gens.chunking(p.frame().length()).map(c -> new Chunked(p, c))))
                .checkAssert(x -> {
                    List<FrameEvent> events = Feed.chunked(new FrameDecoder(), x.packet().frame().toArray(), x.chunks());

                    assertThat(events).singleElement().isInstanceOf(FrameEvent.Frame.class);
                    assertThat(parse(((FrameEvent.Frame) events.getFirst()).body())).isEqualTo(x.packet());
                });
    }

    @Test
    void schemaValidPacketsDecodeToTypedMessagesThatEncodeBackToThem() {
        qt().forAll(Gens.validPacket()).checkAssert(p -> {
            Message m = Messages.decode(p);

            assertThat(m).isNotInstanceOf(Invalid.class).isNotInstanceOf(Unknown.class);
            assertThat(Messages.encode(p.token(), m)).isEqualTo(p);
            assertThat(Messages.decode(Messages.encode(p.token(), m))).isEqualTo(m);
        });
    }

    private record Chunked(Packet packet, int[] chunks) {}

    private static Packet parse(Bytes body) {
        try {
            return Packet.parse(body);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }
}
