package tillbridge.frob.session;

import tillbridge.common.io.Exit;
import tillbridge.frob.channel.ChannelName;

/** What happens to a session: fed to {@link SessionCore#on} by the runner that owns the descriptors. */
public sealed interface SessionEvent {
    /** Bytes read from the ECR. */
    record FromEcr(byte[] bytes) implements SessionEvent {}

    /** The ECR's input ended: cleanly when {@code error} is null, else reading it failed and why. */
    record EcrEnded(String error) implements SessionEvent {}

    /** The runner cannot go on (writing to the ECR failed, it was interrupted...): the session ends with {@code exit}. */
    record Stop(Exit exit, String reason) implements SessionEvent {}

    /** Bytes read from a channel frob reads (payment when two-way, device). */
    record FromChannel(ChannelName channel, byte[] bytes) implements SessionEvent {}

    /** A channel frob reads ended: cleanly when {@code error} is null. */
    record ChannelEnded(ChannelName channel, String error) implements SessionEvent {}

    /** Writing {@link SessionEffect.ToChannel} failed: the channel is lost. */
    record ChannelWriteFailed(ChannelName channel, String reason) implements SessionEvent {}

    /** Time passed: a deadline may be due ({@link SessionCore#nextDeadline}). */
    record Tick() implements SessionEvent {}
}
