package tillbridge.frob.session;

import tillbridge.common.io.Exit;
import tillbridge.frob.channel.ChannelName;

/** What {@link SessionCore} asks its runner to do, in order. */
public sealed interface SessionEffect {
    /** Write these bytes to the ECR (whole frames; an ACK and its answer leave in one write). */
    record ToEcr(byte[] bytes) implements SessionEffect {}

    /** Write these bytes (one line or one frame) to a channel; report a failure with {@link SessionEvent.ChannelWriteFailed}. */
    record ToChannel(ChannelName channel, byte[] bytes) implements SessionEffect {}

    /** The session is over: the process (or connection) ends with this code; no effect follows. */
    record End(Exit exit) implements SessionEffect {}
}
