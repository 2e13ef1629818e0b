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
                    int actual = in[i++] & 0xFF;
                    int expected = (lrc ^ Wire.ETX) & 0xFF;
                    Bytes b = Bytes.copyOf(body, 0, length);
                    out.accept(actual == expected ? new FrameEvent.Frame(b) : new FrameEvent.BadLrc(b, expected, actual));
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
        if (state == State.BODY || state == State.LRC) out.add(new FrameEvent.Truncated(length + 1));
        state = State.HUNT;
        return out;
    }

    private int scanBody(byte[] in, int i, int end, Consumer<? super FrameEvent> out) {
        int start = i;
        int x = lrc;
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
