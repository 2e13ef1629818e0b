package tillbridge.protocol.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.Packet;
import tillbridge.protocol.Tokens;

/** Runs peer bytes through a real decoder into a {@link Link}, on a virtual clock the test advances. */
final class LinkDriver {
    final Link link;
    private final FrameDecoder decoder = new FrameDecoder();
    private long now = 1_000_000_000L;

    LinkDriver(LinkPolicy policy) {
        link = new Link(policy, Tokens.forEcr(), now);
    }

    /** Bytes arriving from the peer. */
    List<LinkOutput> peer(byte[]... chunks) {
        List<LinkOutput> out = new ArrayList<>();
        for (byte[] c : chunks) decoder.feed(c, 0, c.length, e -> out.addAll(link.received(e, now)));
        return out;
    }

    List<LinkOutput> send(Packet p) {
        return link.send(p, now);
    }

    /** Moves the clock and lets the link act on whatever deadline passed. */
    List<LinkOutput> advance(Duration d) {
        now += d.toNanos();
        return link.tick(now);
    }

    long now() {
        return now;
    }

    static List<Bytes> writes(List<LinkOutput> out) {
        return out.stream().filter(o -> o instanceof LinkOutput.Write).map(o -> ((LinkOutput.Write) o).wire()).toList();
    }

    static List<Packet> delivered(List<LinkOutput> out) {
        return out.stream().filter(o -> o instanceof LinkOutput.Deliver).map(o -> ((LinkOutput.Deliver) o).packet()).toList();
    }

    static <T extends LinkOutput> List<T> only(Class<T> type, List<LinkOutput> out) {
        return out.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
