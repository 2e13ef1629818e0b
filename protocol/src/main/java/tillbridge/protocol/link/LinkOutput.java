package tillbridge.protocol.link;

import tillbridge.protocol.Bytes;
import tillbridge.protocol.Packet;

/** What the {@link Link} asks its owner to do or to know. */
public sealed interface LinkOutput {
    /** Write these bytes to the peer now (a frame, or a bare ACK/NAK). */
    record Write(Bytes wire) implements LinkOutput {}

    /** A new packet from the peer, acknowledged and not a duplicate. */
    record Deliver(Packet packet) implements LinkOutput {}

    /** The peer acknowledged our packet. */
    record Acked(Packet packet) implements LinkOutput {}

    /** Our packet was not acknowledged after {@code transmissions} tries; it may or may not have arrived. */
    record GaveUp(Packet packet, int transmissions, String reason) implements LinkOutput {}

    /** Our keep-alive ping got no T2 in time: the link is down. */
    record PeerSilent(String reason) implements LinkOutput {}

    /**
     * A frame we wrote came back unchanged: the line echoes (a serial port with echo on, a loopback
     * cable, a program that copies its input). Nothing answers us on such a line.
     */
    record Echo(Packet packet) implements LinkOutput {
        /** What to tell the person at the cash register. */
        public static final String ADVICE = "the line echoes what we send: check the cable or the port's echo setting";
    }

    /** Something on the wire worth a log line (bad LRC, noise, duplicate); the link carries on. */
    record Problem(String description) implements LinkOutput {}
}
