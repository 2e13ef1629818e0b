package tillbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static tillbridge.protocol.Gens.qt;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tillbridge.protocol.link.Link;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.link.LinkPolicy;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Unknown;

/** Whatever the peer sends, the codec and link answer with values, never with an exception. */
class RobustnessPropertiesTest {
    private static final int LIMIT = 64;

    @Test
    void arbitraryBytesInArbitraryChunksNeverBreakDecoderOrLink() {
        qt().withExamples(2000).forAll(Gens.wireBytes(300).flatMap(b -> Gens.chunking(b.length).map(c -> new Input(b, c))))
                .checkAssert(x -> {
                    var link = new Link(LinkPolicy.DEFAULT, Tokens.forEft(), 0);
                    List<FrameEvent> events = Feed.chunked(new FrameDecoder(LIMIT), x.wire(), x.chunks());
                    long now = 0;
                    for (FrameEvent e : events) {
                        for (LinkOutput o : link.received(e, now)) if (o instanceof LinkOutput.Deliver d) Messages.decode(d.packet());
                        link.tick(now += Duration.ofSeconds(1).toNanos());
                    }

                    assertThat(events).isEqualTo(Feed.chunked(new FrameDecoder(LIMIT), x.wire(), new int[] {x.wire().length}));
                    // one byte per call never takes the eight-bytes-at-a-time path, so it is the reference
                    assertThat(events).isEqualTo(Feed.chunked(new FrameDecoder(LIMIT), x.wire(), ones(x.wire().length)));
                    events.forEach(e -> assertThat(held(e)).as("%s", e).isLessThanOrEqualTo(LIMIT));
                    if (events.stream().noneMatch(e -> e instanceof FrameEvent.Oversized))
                        assertThat(events.stream().mapToInt(RobustnessPropertiesTest::accounted).sum()).isEqualTo(x.wire().length);
                });
    }

    @Test
    void decodingAnyPacketGivesAMessageNeverAnException() {
        qt().withExamples(3000).forAll(Gens.anyPacket()).checkAssert(p -> {
            Message m = Messages.decode(p);

            assertThat(m.code()).isEqualTo(p.type());
            assertThat(m instanceof Unknown).isEqualTo(!Gens.KNOWN_TYPES.contains(p.type()));
            if (m instanceof Unknown || m instanceof Invalid) assertThat(Messages.encode(p.token(), m)).isEqualTo(p);
            else assertThat(Messages.encode(p.token(), m).type()).isEqualTo(p.type());
        });
    }

    private record Input(byte[] wire, int[] chunks) {}

    private static int[] ones(int n) {
        int[] sizes = new int[n];
        java.util.Arrays.fill(sizes, 1);
        return sizes;
    }

    /** Bytes the decoder had to hold to produce the event. */
    private static int held(FrameEvent e) {
        return switch (e) {
            case FrameEvent.Frame f -> f.body().length() + 3;
            case FrameEvent.BadLrc b -> b.body().length() + 3;
            case FrameEvent.Truncated t -> t.bytesHeld();
            default -> 0;
        };
    }

    /** Input bytes the event stands for, so that without oversize every byte is accounted for exactly once. */
    private static int accounted(FrameEvent e) {
        return switch (e) {
            case FrameEvent.Noise n -> n.skippedBytes();
            case FrameEvent.Ack a -> 1;
            case FrameEvent.Nak n -> 1;
            default -> held(e);
        };
    }
}
