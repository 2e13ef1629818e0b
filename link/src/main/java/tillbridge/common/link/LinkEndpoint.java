package tillbridge.common.link;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import tillbridge.protocol.Bytes;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Frames;
import tillbridge.protocol.Packet;
import tillbridge.protocol.link.Link;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.link.LinkPolicy;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;

/**
 * Runs the pure {@link Link} against a real output stream: decodes incoming bytes, performs the
 * writes the link asks for, logs wire problems, and returns the rest (deliveries, acks, failures)
 * to its single owner. Not thread-safe: one loop owns it.
 */
public final class LinkEndpoint {
    private final FrameDecoder decoder = new FrameDecoder();
    private final Link link;
    private final OutputStream out;
    private final LongSupplier clock;
    private final Logger log;
    private final String peer;
    /** Frames held back while corked, else null. */
    private ByteArrayOutputStream held;

    public LinkEndpoint(String peer, LinkPolicy policy, Tokens tokens, OutputStream out, LongSupplier nanoClock, Logger log) {
        this.peer = peer;
        this.out = out;
        this.clock = nanoClock;
        this.log = log;
        this.link = new Link(policy, tokens, nanoClock.getAsLong());
    }

    /** Feeds received bytes; returns what is not a write. */
    public List<LinkOutput> received(byte[] bytes) {
        List<LinkOutput> result = new ArrayList<>();
        decoder.feed(bytes, 0, bytes.length, e -> perform(link.received(e, clock.getAsLong()), result));
        return result;
    }

    public List<LinkOutput> endOfInput() {
        List<LinkOutput> result = new ArrayList<>();
        for (FrameEvent e : decoder.endOfInput()) perform(link.received(e, clock.getAsLong()), result);
        return result;
    }

    /** Sends a message with a fresh token; returns the packet sent (its token pairs the answer). */
    public Packet send(Message m, List<LinkOutput> result) {
        return answer(link.nextToken(), m, result);
    }

    /** Sends a message carrying {@code token}, the token of the request it answers. */
    public Packet answer(String token, Message m, List<LinkOutput> result) {
        return send(Messages.encode(token, m), result);
    }

    public Packet send(Packet p, List<LinkOutput> result) {
        log.info("{} <- {}", peer, p);
        perform(link.send(p, clock.getAsLong()), result);
        return p;
    }

    /**
     * Holds the frames written from now until {@link #flush}, so that what one input causes (an ACK
     * and the answer) leaves in one write, as the least a terminal can do does: one wake-up of the
     * peer instead of two. The owner must flush before anything else leaves the process.
     */
    public void cork() {
        if (held == null) held = new ByteArrayOutputStream();
    }

    /** Writes what {@link #cork} held back and stops holding. */
    public void flush() {
        ByteArrayOutputStream h = held;
        held = null;
        if (h != null && h.size() > 0) writeOut(h.toByteArray());
    }

    public List<LinkOutput> tick() {
        List<LinkOutput> result = new ArrayList<>();
        perform(link.tick(clock.getAsLong()), result);
        return result;
    }

    /** When {@link #tick} next has work, on the endpoint's clock. */
    public long nextDeadline() {
        return link.nextDeadline(clock.getAsLong());
    }

    /** Milliseconds until {@link #tick} has work; at least 1. */
    public long millisToNextDeadline() {
        long now = clock.getAsLong();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(link.nextDeadline(now) - now) + 1);
    }

    public boolean idle() {
        return link.idle();
    }

    private void perform(List<LinkOutput> outputs, List<LinkOutput> result) {
        for (LinkOutput o : outputs) {
            switch (o) {
                case LinkOutput.Write w -> write(w);
                case LinkOutput.Problem p -> {
                    log.warn("{}: {}", peer, p.description());
                    result.add(o);
                }
                case LinkOutput.Deliver d -> {
                    log.info("{} -> {}", peer, d.packet());
                    result.add(o);
                }
                case LinkOutput.GaveUp g -> {
                    log.warn("{}: gave up on {} after {} transmissions: {}", peer, g.packet(), g.transmissions(), g.reason());
                    result.add(o);
                }
                case LinkOutput.PeerSilent s -> {
                    log.warn("{}: {}", peer, s.reason());
                    result.add(o);
                }
                case LinkOutput.Echo e -> {
                    log.error("{}: our own {} came back: {}", peer, e.packet().type(), LinkOutput.Echo.ADVICE);
                    result.add(o);
                }
                case LinkOutput.Acked a -> result.add(o);
            }
        }
    }

    private void write(LinkOutput.Write w) {
        if (log.isDebugEnabled()) log.debug("{} <= {}", peer, Frames.forLog(w.wire()));
        if (held != null) held.writeBytes(w.wire().toArray());
        else writeOut(w.wire().toArray());
    }

    private void writeOut(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to " + peer, e);
        }
    }
}
