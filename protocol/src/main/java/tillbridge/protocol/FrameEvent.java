package tillbridge.protocol;

/** What the {@link FrameDecoder} found on the wire. Bad input is a value here, never an exception. */
public sealed interface FrameEvent {
    /** A complete frame with a correct LRC; {@code body} is everything between STX and ETX. */
    record Frame(Bytes body) implements FrameEvent {}

    record BadLrc(Bytes body, int expected, int actual) implements FrameEvent {}

    /** A frame grew past the limit; it was dropped and the decoder resynchronises on the next STX. */
    record Oversized(int limit) implements FrameEvent {}

    /** Bytes outside any frame that are neither STX, ACK nor NAK (line noise, a stray NUL). */
    record Noise(int skippedBytes) implements FrameEvent {}

    /** End of input in the middle of a frame. */
    record Truncated(int bytesHeld) implements FrameEvent {}

    /** A bare ACK byte outside a frame. */
    record Ack() implements FrameEvent {}

    /** A bare NAK byte outside a frame. */
    record Nak() implements FrameEvent {}
}
