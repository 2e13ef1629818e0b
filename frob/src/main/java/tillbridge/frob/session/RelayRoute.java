package tillbridge.frob.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.frob.channel.ChannelName;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.flow.Lane;
import tillbridge.protocol.flow.Side;
import tillbridge.protocol.flow.Violation;
import tillbridge.protocol.message.Invalid;
import tillbridge.protocol.message.Message;
import tillbridge.protocol.message.Messages;

/**
 * Requests the terminal software makes of the ECR in one flow lane (printing, console), driven
 * packet by packet: frob queues what comes in on a channel, sends one request to the ECR, waits
 * for its answer (D0, D8, K0) and relays it to the channel the request came from before it sends
 * the next. A refusal stops the flow (the subclass decides what is dropped); no answer within the
 * timeout gives the terminal software an error and abandons the flow. When the channel that opened
 * a flow ends with the flow still open, frob closes it at the ECR with a request of its own (D3,
 * K2), whose answer goes nowhere. Part of the session: runs on its loop only.
 */
abstract class RelayRoute {
    /** A request of the terminal software on {@code from} (its {@code token} answers it), or frob's own ({@code from} null). */
    record Request(ChannelName from, String token, Message message) {
        boolean own() {
            return from == null;
        }

        String describe() {
            return message.code() + (token.isEmpty() ? "" : " [" + token + "]");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RelayRoute.class);

    private final String lane;
    protected final ToEcr ecr;
    protected final ChannelOut channels;
    private final LongSupplier clock;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final Set<ChannelName> ended = EnumSet.noneOf(ChannelName.class);
    /** This lane of the conversation, for the terminal software's requests; reset when frob abandons or closes a flow. */
    private final Lane flow;
    private Request inFlight;
    private String ecrToken;
    private long deadline;
    /** The channel whose request opened the current flow. */
    private ChannelName owner;
    private int relayed;

    RelayRoute(Lane flow, ToEcr ecr, ChannelOut channels, LongSupplier nanoClock) {
        this.flow = flow;
        this.lane = flow.flow().label();
        this.ecr = ecr;
        this.channels = channels;
        this.clock = nanoClock;
    }

    abstract Duration timeout(Message request);

    /** True for a request that opens a flow (D2, the first D9 part, K1). */
    abstract boolean opens(Message request);

    /** Why a request of the terminal software is dropped in the current state, or null to send it; may change the state. */
    abstract String drop(Message request);

    /** The ECR answered a request of the terminal software; {@code ok} is false for a refusal or an unreadable answer. */
    abstract void answered(Message request, boolean ok);

    /** Whether an answer says yes (D0 0, K0 0; a D8 always). */
    abstract boolean ok(Message answer);

    /** No answer came in time; {@link #sendFirst} may queue a request of frob's own to end the flow at the ECR. */
    abstract void timedOut(Request request);

    /** With nothing queued and the owner's channel ended: frob's own request that closes a flow left open, if any. */
    abstract Optional<Message> orphanClose(boolean ownerEnded);

    /** A request from the terminal software on {@code from}. */
    final void request(ChannelName from, ChannelMessage.Packet m) {
        Message message;
        try {
            message = ChannelOut.decode(m, "1");
        } catch (ProtocolException e) {
            channels.refuse(from, e.getMessage());
            return;
        }
        queue.add(new Request(from, m.token(), message));
        pump();
    }

    /** A D0, D8 or K0 from the ECR; false when it answers nothing this lane asked (the caller logs it). */
    final boolean answer(Packet p, Message answer) {
        if (inFlight == null || !Tokens.same(p.token(), ecrToken) || answer.type() != inFlight.message().type().answer()) return false;
        Request r = inFlight;
        inFlight = null;
        boolean ok = !(answer instanceof Invalid) && ok(answer);
        if (r.own()) {
            log.info("{}: the ECR answered frob's own {} with {}", lane, r.message().code(), p);
            flow.reset();
        } else {
            flow.accept(Side.ECR, answer).ifPresent(v -> log.warn("{}", v));
            if (answer instanceof Invalid i) {
                tell(r, r.describe() + ": the ECR sent an unreadable " + i.code() + " (" + i.reason() + ")");
            } else {
                relay(r, Messages.encode(r.token().isEmpty() ? p.token() : r.token(), answer));
                relayed++;
            }
            answered(r.message(), ok);
        }
        pump();
        return true;
    }

    void tick() {
        if (inFlight == null || clock.getAsLong() - deadline < 0) return;
        Request r = inFlight;
        inFlight = null;
        flow.reset();
        Duration limit = timeout(r.message());
        String why = "no " + r.message().type().answer() + " from the ECR within "
                + (limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms");
        log.warn("{}: {} for {}{}", lane, why, r.own() ? "frob's own " : "", r.describe());
        if (!r.own()) tell(r, r.describe() + ": " + why + "; the " + lane + " flow is abandoned");
        if (!r.own()) timedOut(r);
        pump();
    }

    /** When {@link #tick} has work: the answer's deadline of the request in flight, else {@code none}. */
    long deadline(long none) {
        return inFlight == null ? none : deadline;
    }

    /** The channel {@code channel} ended: what it already sent is still driven; a flow it left open is closed. */
    void channelEnded(ChannelName channel) {
        ended.add(channel);
        pump();
    }

    int relayed() {
        return relayed;
    }

    /** Queues a request of frob's own before everything else. */
    final void sendFirst(Message own) {
        queue.addFirst(new Request(null, "", own));
    }

    /** Starts the lane afresh (frob's view of the flow): after a flow frob cannot end at the ECR. */
    final void resetFlow() {
        flow.reset();
    }

    /** Relays the ECR's answer to the channel the request came from, when frob can write it. */
    void relay(Request r, Packet answer) {
        if (channels.writable(r.from())) channels.send(r.from(), answer);
        else log.debug("{}: {} for {} not relayed: {} channel not writable", lane, answer.type(), r.describe(), r.from().wire());
    }

    /** Tells the terminal software why its request did not get the ECR's answer. */
    final void tell(Request r, String reason) {
        channels.refuse(r.from(), reason);
    }

    private void pump() {
        while (inFlight == null) {
            Request r = queue.poll();
            if (r == null) {
                Optional<Message> close = orphanClose(owner != null && ended.contains(owner));
                if (close.isEmpty()) return;
                log.warn("{}: the {} channel ended with the flow open; frob ends it at the ECR with {}", lane, owner.wire(), close.get().code());
                r = new Request(null, "", close.get());
            }
            if (!r.own()) {
                String why = drop(r.message());
                if (why != null) {
                    tell(r, r.describe() + " dropped: " + why);
                    continue;
                }
                Optional<Violation> v = flow.accept(Side.EFT, r.message());
                if (v.isPresent()) {
                    tell(r, v.get().toString());
                    continue;
                }
                if (opens(r.message())) owner = r.from();
            }
            ecrToken = ecr.freshToken();
            inFlight = r;
            deadline = clock.getAsLong() + timeout(r.message()).toNanos();
            ecr.send(ecrToken, r.message());
        }
    }
}
