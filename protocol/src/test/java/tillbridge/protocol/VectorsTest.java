package tillbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Unknown;

/** The independently computed worked frames (vectors.jsonl), end to end through every layer of the codec. */
class VectorsTest {
    static List<Vector> wellFormed() {
        return Vector.wellFormed();
    }

    static List<Vector> all() {
        return Vector.all();
    }

    @Test
    void theVectorFileHoldsEveryWorkedFrameAndTheBadOne() {
        assertThat(all()).extracting(Vector::id).contains("E01", "E31", "bad-lrc").hasSize(32);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void decodesToOneFrameWithTheListedTokenTypeAndFields(Vector v) throws ProtocolException {
        List<FrameEvent> events = Feed.whole(v.bytes());

        assertThat(events).containsExactly(new FrameEvent.Frame(v.body()));
        assertThat(Packet.parse(v.body())).isEqualTo(v.packet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void decodesToATypedMessage(Vector v) {
        Message m = Messages.decode(v.packet());

        assertThat(m).isNotInstanceOf(Unknown.class).isNotInstanceOf(Invalid.class);
        assertThat(m.code()).isEqualTo(v.type());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void reEncodesByteExactly(Vector v) {
        Message m = Messages.decode(v.packet());

        assertThat(Messages.encode(v.token(), m).frame()).isEqualTo(v.wire());
    }

    @Test
    void badLrcVectorYieldsBadLrcWithBothValues() {
        Vector bad = Vector.byId("bad-lrc");

        assertThat(Feed.whole(bad.bytes())).containsExactly(new FrameEvent.BadLrc(bad.body(), 0x29, 0x28));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void oneByteAtATimeGivesTheSameEvents(Vector v) {
        assertThat(Feed.oneByteAtATime(v.bytes())).isEqualTo(Feed.whole(v.bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void randomChunksGiveTheSameEvents(Vector v) {
        Random random = new Random(v.id().hashCode());
        List<FrameEvent> expected = Feed.whole(v.bytes());

        for (int run = 0; run < 50; run++)
            assertThat(Feed.randomChunks(new FrameDecoder(), v.bytes(), random, 1 + run % 16)).as("run %d", run).isEqualTo(expected);
    }

    @Test
    void allVectorsBackToBackDecodeInOrderInAnyChunking() {
        byte[] stream = Notation.concat(all().stream().map(Vector::bytes).toArray(byte[][]::new));
        List<FrameEvent> expected = all().stream().flatMap(v -> Feed.whole(v.bytes()).stream()).toList();
        Random random = new Random(7);

        assertThat(Feed.whole(stream)).isEqualTo(expected);
        assertThat(Feed.oneByteAtATime(stream)).isEqualTo(expected);
        IntStream.range(0, 20).forEach(run ->
                assertThat(Feed.randomChunks(new FrameDecoder(), stream, random, 40)).as("run %d", run).isEqualTo(expected));
    }
}
