package tillbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static tillbridge.protocol.Notation.bytes;
import static tillbridge.protocol.Notation.concat;
import static tillbridge.protocol.Notation.frame;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Framing: every bad case is followed by a good frame that must still decode, because a decoder that resynchronises is what keeps one bad byte from costing more than its frame. */
class FrameDecoderTest {
    private static final FrameEvent.Frame T1 = new FrameEvent.Frame(Notation.body("2711<FS>T1<FS>"));
    private static final byte[] T1_WIRE = frame("2711<FS>T1<FS>");

    @Test
    void skipsGarbageBeforeStxAsNoiseAndDecodesTheFollowingFrame() {
        byte[] wire = concat(bytes("junk<00><FF><1C><03>"), T1_WIRE);

        assertThat(Feed.whole(wire)).containsExactly(new FrameEvent.Noise(8), T1);
    }

    @Test
    void resynchronisesAfterBadLrc() {
        byte[] wire = concat(Notation.frameWithLrc("AB", 0x7F), frame("CD"));

        assertThat(Feed.whole(wire)).containsExactly(
                new FrameEvent.BadLrc(Notation.body("AB"), 0x03 ^ 'A' ^ 'B', 0x7F),
                new FrameEvent.Frame(Notation.body("CD")));
    }

    @Test
    void dropsAnOversizedFrameThenDecodesTheNext() {
        var d = new FrameDecoder(32);
        byte[] wire = concat(frame("1<FS>T1<FS>" + "x".repeat(40) + "<FS>"), T1_WIRE);

        assertThat(Feed.chunked(d, wire, new int[] {wire.length})).containsExactly(new FrameEvent.Oversized(32), T1);
    }

    @Test
    void acceptsAFrameOfExactlyTheLimitAndDropsOneByteMore() {
        byte[] atLimit = frame("x".repeat(29));
        byte[] over = frame("x".repeat(30));

        assertThat(atLimit).hasSize(32);
        assertThat(Feed.chunked(new FrameDecoder(32), atLimit, new int[] {32})).singleElement().isInstanceOf(FrameEvent.Frame.class);
        assertThat(Feed.chunked(new FrameDecoder(32), over, new int[] {33})).containsExactly(new FrameEvent.Oversized(32));
    }

    @Test
    void aMegabyteWithoutEtxIsDroppedInBoundedMemoryAndTheNextFrameDecodes() {
        var d = new FrameDecoder();
        List<FrameEvent> events = new ArrayList<>();
        byte[] chunk = new byte[4096];
        Arrays.fill(chunk, (byte) 'A');
        d.feed(new byte[] {Wire.STX}, 0, 1, events::add);

        long before = allocatedBytes();
        for (int i = 0; i < 256; i++) d.feed(chunk, 0, chunk.length, events::add);
        long allocated = allocatedBytes() - before;
        d.feed(T1_WIRE, 0, T1_WIRE.length, events::add);

        assertThat(events).containsExactly(new FrameEvent.Oversized(Wire.MAX_FRAME_BYTES), T1);
        // feeding 1 MiB must not grow a buffer: allow for the event objects and JIT noise, not for the input
        if (before >= 0) assertThat(allocated).isLessThan(64 * 1024);
    }

    @Test
    void framesWhoseLrcEqualsAControlByteDecode() {
        List<Vector> e28to31 = List.of(Vector.byId("E28"), Vector.byId("E29"), Vector.byId("E30"), Vector.byId("E31"));
        byte[] wire = concat(e28to31.stream().map(Vector::bytes).toArray(byte[][]::new));

        assertThat(e28to31).extracting(v -> v.bytes()[v.bytes().length - 1])
                .containsExactly(Wire.NAK, Wire.STX, Wire.ETX, Wire.ACK);
        assertThat(Feed.whole(wire)).containsExactlyElementsOf(e28to31.stream().map(v -> new FrameEvent.Frame(v.body())).toList());
    }

    @Test
    void reportsAckAndNakOutsideAFrameButNotInsideOne() {
        byte[] wire = concat(bytes("<ACK>"), frame("1<FS>T2<FS><ACK><NAK><FS>"), bytes("<NAK>"));

        assertThat(Feed.whole(wire)).containsExactly(
                new FrameEvent.Ack(), new FrameEvent.Frame(Notation.body("1<FS>T2<FS><ACK><NAK><FS>")), new FrameEvent.Nak());
    }

    @Test
    void streamCheckedInTheReferenceFindsAllThreeFrames() {
        // a receiver takes the byte after ETX as the LRC whatever it is: ACK, frame, NUL, frame whose LRC is 0x06, "junk", frame
        Vector e31 = Vector.byId("E31");
        byte[] wire = concat(bytes("<ACK>"), T1_WIRE, bytes("<NUL>"), e31.bytes(), bytes("junk"), T1_WIRE);

        assertThat(Feed.whole(wire)).containsExactly(new FrameEvent.Ack(), T1, new FrameEvent.Noise(1),
                new FrameEvent.Frame(e31.body()), new FrameEvent.Noise(4), T1);
    }

    @Test
    void nulAfterEachFrameIsOnlyNoise() {
        byte[] wire = concat(T1_WIRE, bytes("<NUL>"), T1_WIRE, bytes("<NUL>"));

        assertThat(Feed.whole(wire)).containsExactly(T1, new FrameEvent.Noise(1), T1, new FrameEvent.Noise(1));
    }

    @Test
    void endOfInputReportsAFrameCutOffInTheBody() {
        var d = new FrameDecoder();
        byte[] cut = Arrays.copyOf(T1_WIRE, 5);

        d.feed(cut, 0, cut.length, e -> { throw new AssertionError("no event expected, got " + e); });

        assertThat(d.endOfInput()).containsExactly(new FrameEvent.Truncated(5));
        assertThat(d.endOfInput()).isEmpty();
    }

    @Test
    void endOfInputReportsAFrameCutOffBeforeItsLrc() {
        byte[] cut = Arrays.copyOf(T1_WIRE, T1_WIRE.length - 1);

        assertThat(Feed.whole(cut)).containsExactly(new FrameEvent.Truncated(cut.length));
    }

    @Test
    void endOfInputAfterWholeFramesReportsNothing() {
        var d = new FrameDecoder();
        d.feed(T1_WIRE, 0, T1_WIRE.length, e -> {});

        assertThat(d.endOfInput()).isEmpty();
    }

    @Test
    void decoderIsUsableAgainAfterEndOfInput() {
        var d = new FrameDecoder();
        d.feed(T1_WIRE, 0, 4, e -> {});
        d.endOfInput();

        assertThat(d.feed(ByteBuffer.wrap(T1_WIRE))).containsExactly(T1);
    }

    @Test
    void stxInsideABodyRestartsTheFrame() {
        byte[] wire = concat(bytes("<STX>27"), T1_WIRE);

        assertThat(Feed.whole(wire)).containsExactly(new FrameEvent.Noise(3), T1);
    }

    @Test
    void stxInsideADroppedOversizedFrameRestartsTheFrame() {
        byte[] wire = concat(bytes("<STX>" + "x".repeat(40)), T1_WIRE);

        assertThat(Feed.chunked(new FrameDecoder(32), wire, new int[] {wire.length}))
                .containsExactly(new FrameEvent.Oversized(32), T1);
    }

    @Test
    void byteBufferFeedConsumesEverythingFromHeapAndDirectBuffers() {
        byte[] wire = concat(bytes("zz"), T1_WIRE, T1_WIRE);
        ByteBuffer heap = ByteBuffer.wrap(concat(bytes("...."), wire)).position(4);
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length).put(wire).flip();

        assertThat(new FrameDecoder().feed(heap)).containsExactly(new FrameEvent.Noise(2), T1, T1);
        assertThat(new FrameDecoder().feed(direct)).containsExactly(new FrameEvent.Noise(2), T1, T1);
        assertThat(heap.hasRemaining()).isFalse();
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void garbageOversizeAndBadLrcMixedStillLetEveryGoodFrameThroughInAnyChunking() {
        byte[] wire = concat(bytes("noise"), T1_WIRE, Notation.frameWithLrc("AB", 0), T1_WIRE,
                frame("x".repeat(100)), T1_WIRE, bytes("<STX>half"), T1_WIRE);
        List<FrameEvent> expected = Feed.chunked(new FrameDecoder(64), wire, new int[] {wire.length});
        Random random = new Random(42);

        assertThat(expected).filteredOn(e -> e.equals(T1)).hasSize(4);
        for (int run = 0; run < 200; run++)
            assertThat(Feed.randomChunks(new FrameDecoder(64), wire, random, 1 + run % 20)).as("run %d", run).isEqualTo(expected);
    }

    @Test
    void findsEtxAndStxAtEveryPositionOfALongBody() {
        // bytes one bit away from STX/ETX around the marker must not be mistaken for it
        for (int at = 0; at < 24; at++)
            for (byte marker : new byte[] {Wire.ETX, Wire.STX}) {
                byte[] filler = new byte[24];
                Arrays.fill(filler, (byte) 0x83);
                filler[at] = marker;
                byte[] wire = concat(new byte[] {Wire.STX}, filler, bytes("<ETX><00>"), T1_WIRE);

                assertThat(Feed.whole(wire)).as("%02X at %d", marker, at).isEqualTo(Feed.oneByteAtATime(wire)).endsWith(T1);
            }
    }

    @Test
    void rejectsALimitTooSmallForAnyFrame() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FrameDecoder(7)).withMessageContaining("7");
    }

    /** Bytes allocated by this thread so far, or -1 where the JVM cannot tell. */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported())
            return t.getCurrentThreadAllocatedBytes();
        return -1;
    }
}
