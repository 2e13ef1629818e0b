package tillbridge.protocol.link;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Frames;
import tillbridge.protocol.Packet;
import tillbridge.protocol.PacketType;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.Wire;

/**
 * The ACK/NAK link layer as a pure state machine: no threads, no clock, no I/O. The owner feeds it
 * decoded {@link FrameEvent}s, packets to send and clock ticks, and performs the returned outputs.
 *
 * <pre>
 * sender:   IDLE --send--> WAIT_ACK --ACK--> IDLE
 *           WAIT_ACK --NAK, tries left--> resend;  --timeout, tries left, may retry--> resend
 *           WAIT_ACK --out of tries--> GaveUp, IDLE
 * receiver: good frame --> ACK, then Deliver (or drop a duplicate and resend our cached answer)
 *           bad LRC or malformed --> NAK;  noise, oversize --> Problem only
 * </pre>
 *
 * Stop-and-wait: one frame of ours in flight, the rest queued; the peer's frames are accepted at
 * any time.
 *
 * <p>A duplicate is a retransmission: the same bytes as a frame received less than
 * {@link LinkPolicy#retransmissionWindow()} ago (among the last {@link LinkPolicy#history()}). A frame
 * with a known token and type but other bytes, or arriving later, is a new request: a cash register
 * that restarted reuses tokens, and taking its new S1 for an old one would answer it with the old
 * sale's S2. A received frame identical to one we wrote within the window is our own frame coming
 * back: the line echoes ({@link LinkOutput.Echo}); it is neither acknowledged nor delivered.
 */
public final class Link {
    private static final Bytes ACK = Bytes.of(Wire.ACK);
    private static final Bytes NAK = Bytes.of(Wire.NAK);

    private final LinkPolicy policy;
    /** The policy's retransmission window, converted once: it is checked on every frame. */
    private final long windowNanos;
    private final Tokens tokens;
    private final ArrayDeque<Packet> queue = new ArrayDeque<>();
    private final Map<String, Seen> history;
    private final ArrayDeque<Sent> written = new ArrayDeque<>();

    /** A frame received: its bytes, when it came, and the answer we sent (null until we answer). */
    private record Seen(Bytes body, long at, Packet answer) {}

    /** A frame we wrote, kept to recognise it if the line sends it back. */
    private record Sent(Bytes body, long at) {}

    private Packet inFlight;
    private Bytes inFlightBody;
    private Bytes inFlightWire;
    private int transmissions;
    private long ackDeadline;
    private long lastActivity;
    private String pingToken;
    private long pingDeadline;

    public Link(LinkPolicy policy, Tokens tokens, long nowNanos) {
        this.policy = policy;
        this.windowNanos = policy.retransmissionWindow().toNanos();
        this.tokens = tokens;
        this.lastActivity = nowNanos;
        this.history = new LinkedHashMap<>(32, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > policy.history();
            }
        };
    }

    /** A fresh token from this side's range, for a packet that is not an answer. */
    public String nextToken() {
        return tokens.next();
    }

    public boolean idle() {
        return inFlight == null && queue.isEmpty();
    }

    public List<LinkOutput> send(Packet p, long now) {
        List<LinkOutput> out = new ArrayList<>(1);
        rememberAnswer(p);
        queue.add(p);
        pump(now, out);
        return out;
    }

    public List<LinkOutput> received(FrameEvent e, long now) {
        List<LinkOutput> out = new ArrayList<>(2);
        switch (e) {
            case FrameEvent.Frame f -> frame(f, now, out);
            case FrameEvent.BadLrc b -> {
                out.add(new LinkOutput.Write(NAK));
                out.add(new LinkOutput.Problem(String.format("bad LRC (expected %02X, got %02X): NAK sent", b.expected(), b.actual())));
            }
            case FrameEvent.Oversized o -> out.add(new LinkOutput.Problem("frame longer than " + o.limit() + " bytes dropped"));
            case FrameEvent.Noise n -> out.add(new LinkOutput.Problem(n.skippedBytes() + " bytes outside any frame skipped"));
            case FrameEvent.Truncated t -> out.add(new LinkOutput.Problem("input ended inside a frame (" + t.bytesHeld() + " bytes held)"));
            case FrameEvent.Ack a -> acknowledged(now, out);
            case FrameEvent.Nak n -> refused(now, out);
        }
        return out;
    }

    /** Retransmits, gives up or pings when a deadline has passed. */
    public List<LinkOutput> tick(long now) {
        List<LinkOutput> out = new ArrayList<>(1);
        if (inFlight != null && now - ackDeadline >= 0) {
            PacketType type = PacketType.find(inFlight.type());
            boolean retry = type != null && type.idempotent() || policy.retransmitNonIdempotentOnTimeout();
            if (transmissions < policy.maxTransmissions() && retry) transmit(now, out);
            else giveUp("no ACK within " + policy.ackTimeout().toMillis() + " ms", now, out);
        }
        if (pingToken != null && now - pingDeadline >= 0) {
            out.add(new LinkOutput.PeerSilent("no T2 within " + policy.pingAnswer().toMillis() + " ms of our ping " + pingToken));
            pingToken = null;
            lastActivity = now;
        }
        if (idle() && pingToken == null && keepAliveOn() && now - (lastActivity + policy.keepAlive().toNanos()) >= 0) {
            pingToken = tokens.next();
            pingDeadline = now + policy.pingAnswer().toNanos();
            queue.add(Packet.of(pingToken, PacketType.T1.code()));
            pump(now, out);
        }
        return out;
    }

    /** The next time {@link #tick} has work, as a {@code nanoTime} value. */
    public long nextDeadline(long now) {
        long next = now + Long.MAX_VALUE / 4;
        if (inFlight != null) next = earlier(next, ackDeadline);
        if (pingToken != null) next = earlier(next, pingDeadline);
        if (idle() && pingToken == null && keepAliveOn()) next = earlier(next, lastActivity + policy.keepAlive().toNanos());
        return next;
    }

    private void frame(FrameEvent.Frame f, long now, List<LinkOutput> out) {
        Packet p;
        try {
            p = Packet.parse(f.body());
        } catch (ProtocolException ex) {
            out.add(new LinkOutput.Write(NAK));
            out.add(new LinkOutput.Problem("malformed frame, NAK sent: " + ex.getMessage()));
            return;
        }
        if (ours(f.body(), now)) {
            out.add(new LinkOutput.Echo(p));
            return;
        }
        out.add(new LinkOutput.Write(ACK));
        lastActivity = now;
        String key = key(p.token(), p.type());
        Seen seen = history.get(key);
        if (seen != null && seen.body().equals(f.body()) && now - seen.at() < windowNanos) {
            out.add(new LinkOutput.Problem("duplicate " + p.type() + " [" + p.token() + "] acknowledged, not delivered again"
                    + (seen.answer() != null ? "; our answer " + seen.answer().type() + " sent again" : "")));
            if (seen.answer() != null) {
                queue.add(seen.answer());
                pump(now, out);
            }
            return;
        }
        history.remove(key);
        history.put(key, new Seen(f.body(), now, null));
        if (pingToken != null && p.type().equals(PacketType.T2.code()) && Tokens.same(p.token(), pingToken)) {
            pingToken = null;
            return;
        }
        out.add(new LinkOutput.Deliver(p));
    }

    /** True if {@code body} is a frame we wrote within the retransmission window. */
    private boolean ours(Bytes body, long now) {
        while (!written.isEmpty() && now - written.peekFirst().at() >= windowNanos) written.pollFirst();
        for (Sent s : written) if (s.body().equals(body)) return true;
        return false;
    }

    private void acknowledged(long now, List<LinkOutput> out) {
        if (inFlight == null) {
            out.add(new LinkOutput.Problem("ACK with nothing awaiting one"));
            return;
        }
        out.add(new LinkOutput.Acked(inFlight));
        inFlight = null;
        lastActivity = now;
        pump(now, out);
    }

    private void refused(long now, List<LinkOutput> out) {
        if (inFlight == null) {
            out.add(new LinkOutput.Problem("NAK with nothing awaiting one"));
            return;
        }
        if (transmissions < policy.maxTransmissions()) transmit(now, out);
        else giveUp("NAK after " + transmissions + " transmissions", now, out);
    }

    private void giveUp(String reason, long now, List<LinkOutput> out) {
        out.add(new LinkOutput.GaveUp(inFlight, transmissions, reason));
        if (pingToken != null && inFlight.type().equals(PacketType.T1.code()) && Tokens.same(inFlight.token(), pingToken)) {
            // A peer that does not even acknowledge our ping is gone; waiting for its T2 is pointless.
            out.add(new LinkOutput.PeerSilent("our ping " + pingToken + " was not acknowledged: " + reason));
            pingToken = null;
        }
        inFlight = null;
        lastActivity = now;
        pump(now, out);
    }

    private void pump(long now, List<LinkOutput> out) {
        if (inFlight != null || queue.isEmpty()) return;
        inFlight = queue.poll();
        inFlightBody = inFlight.body();
        inFlightWire = Frames.wrap(inFlightBody);
        transmissions = 0;
        transmit(now, out);
    }

    private void transmit(long now, List<LinkOutput> out) {
        transmissions++;
        if (written.size() == policy.history()) written.pollFirst();
        written.addLast(new Sent(inFlightBody, now));
        ackDeadline = now + policy.ackTimeout().toNanos();
        lastActivity = now;
        out.add(new LinkOutput.Write(inFlightWire));
    }

    /** An answer carries its request's token: cache it so a repeated request gets it again. */
    private void rememberAnswer(Packet p) {
        for (Map.Entry<String, Seen> e : history.entrySet())
            if (e.getValue().answer() == null && e.getKey().startsWith(p.token().toUpperCase(Locale.ROOT) + "/"))
                e.setValue(new Seen(e.getValue().body(), e.getValue().at(), p));
    }

    private boolean keepAliveOn() {
        return !policy.keepAlive().isZero();
    }

    private static String key(String token, String type) {
        return token.toUpperCase(Locale.ROOT) + "/" + type;
    }

    private static long earlier(long a, long b) {
        return a - b <= 0 ? a : b;
    }
}
