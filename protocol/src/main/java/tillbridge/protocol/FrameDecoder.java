package tillbridge.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a byte stream into frames. Feed-based and bounded: it keeps at most one partial frame,
 * consumes everything it is given and never throws on bad input.
 *
 * <pre>
 *  ... noise ... STX token FS type FS field FS ... ETX LRC ... ACK ... NAK ...
 *                \_______________ body _______________/
 *  LRC = XOR(body, ETX)
 * </pre>
 *
 * Outside a frame, ACK and NAK are reported and every other byte but STX is noise. The byte after
 * ETX is always the LRC, whatever its value (it may equal STX, ETX, ACK or NAK). An STX inside a
 * body restarts the frame: field grammar never allows it, so it means the sender gave up on the
 * previous frame. A body past the limit is dropped up to its ETX and LRC.
 */
public final class FrameDecoder {
    private enum State { HUNT, BODY, LRC, DISCARD, DISCARD_LRC }

    private final byte[] body;
    private final int limit;
    private State state = State.HUNT;
    private int length;
    private int lrc;
    private int noise;

    public FrameDecoder() {
        this(Wire.MAX_FRAME_BYTES);
    }

    /** @param maxFrameBytes the largest frame accepted, STX to LRC inclusive */
    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 8) throw new IllegalArgumentException("maxFrameBytes must be >= 8, was " + maxFrameBytes);
        this.limit = maxFrameBytes;
        this.body = new byte[maxFrameBytes - 3];
    }

    public List<FrameEvent> feed(ByteBuffer in) {
        List<FrameEvent> out = new ArrayList<>(2);
        if (in.hasArray()) {
            feed(in.array(), in.arrayOffset() + in.position(), in.remaining(), out::add);
            in.position(in.limit());
        } else {
            byte[] copy = new byte[in.remaining()];
            in.get(copy);
            feed(copy, 0, copy.length, out::add);
        }
        return out;
    }

    /** Consumes {@code in[off, off + n)}; a partial frame is kept for the next call. */
    public void feed(byte[] in, int off, int n, Consumer<? super FrameEvent> out) {
        int end = off + n;
        int i = off;
        while (i < end) {
            switch (state) {
                case HUNT -> {
                    byte b = in[i++];
                    if (b == Wire.STX) {
                        flushNoise(out);
                        startFrame();
                    } else if (b == Wire.ACK) {
                        flushNoise(out);
                        out.accept(new FrameEvent.Ack());
                    } else if (b == Wire.NAK) {
                        flushNoise(out);
                        out.accept(new FrameEvent.Nak());
                    } else {
                        noise++;
                    }
                }
                case BODY -> i = scanBody(in, i, end, out);
                case LRC -> {
                    complete(Bytes.copyOf(body, 0, length), lrc, in[i++], out);
                    state = State.HUNT;
                }
                case DISCARD -> {
                    byte b = in[i++];
                    if (b == Wire.ETX) state = State.DISCARD_LRC;
                    else if (b == Wire.STX) startFrame();
                }
                case DISCARD_LRC -> {
                    i++;
                    state = State.HUNT;
                }
            }
        }
        flushNoise(out);
    }

    /** End of input: reports a frame cut off mid-way, if any, and resets. */
    public List<FrameEvent> endOfInput() {
        List<FrameEvent> out = new ArrayList<>(1);
        flushNoise(out::add);
        // STX and the body, plus the ETX when only the LRC was missing
        if (state == State.BODY || state == State.LRC) out.add(new FrameEvent.Truncated(length + (state == State.LRC ? 2 : 1)));
        state = State.HUNT;
        return out;
    }

    private int scanBody(byte[] in, int i, int end, Consumer<? super FrameEvent> out) {
        int start = i;
        long words = 0;
        // eight bytes per step while none is STX or ETX: the common case, and most of the decoding time
        while (i + 8 <= end) {
            long w = Lrc.word(in, i);
            if (hasStxOrEtx(w)) break;
            words ^= w;
            i += 8;
        }
        int x = lrc ^ Lrc.fold(words);
        while (i < end) {
            byte b = in[i];
            if (b == Wire.ETX || b == Wire.STX) break;
            x ^= b;
            i++;
        }
        int count = i - start;
        if (length + count > body.length) {
            out.accept(new FrameEvent.Oversized(limit));
            state = State.DISCARD;
            return i;
        }
        if (length == 0 && i + 1 < end && in[i] == Wire.ETX) {
            // the whole frame is in this chunk: copy the body once, straight into the event
            complete(Bytes.copyOf(in, start, i), x, in[i + 1], out);
            state = State.HUNT;
            return i + 2;
        }
        System.arraycopy(in, start, body, length, count);
        length += count;
        lrc = x;
        if (i < end) {
            if (in[i] == Wire.ETX) {
                state = State.LRC;
            } else {
                noise += length + 1;
                flushNoise(out);
                startFrame();
            }
            i++;
        }
        return i;
    }

    private static void complete(Bytes body, int xor, byte lrcByte, Consumer<? super FrameEvent> out) {
        int actual = lrcByte & 0xFF;
        int expected = (xor ^ Wire.ETX) & 0xFF;
        out.accept(actual == expected ? new FrameEvent.Frame(body) : new FrameEvent.BadLrc(body, expected, actual));
    }

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** True if any byte of {@code w} is STX or ETX (the exact "has a zero byte" test on w^STX and w^ETX). */
    private static boolean hasStxOrEtx(long w) {
        long s = w ^ (ONES * Wire.STX);
        long e = w ^ (ONES * Wire.ETX);
        return ((((s - ONES) & ~s) | ((e - ONES) & ~e)) & HIGHS) != 0;
    }

    private void startFrame() {
        state = State.BODY;
        length = 0;
        lrc = 0;
    }

    private void flushNoise(Consumer<? super FrameEvent> out) {
        if (noise > 0) {
            out.accept(new FrameEvent.Noise(noise));
            noise = 0;
        }
    }
}
