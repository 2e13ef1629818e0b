package tillbridge.protocol.link;

import java.time.Duration;

/**
 * Link-layer timings and limits (docs/protocol.md, "Link layer").
 *
 * @param ackTimeout how long to wait for ACK/NAK after writing a frame
 * @param maxTransmissions transmissions of one frame in total, first one included
 * @param keepAlive idle time after which a T1 ping is sent; zero turns pings off
 * @param pingAnswer how long to wait for the T2 answering our ping before reporting the peer silent
 * @param retransmitNonIdempotentOnTimeout resend S1, A1, K1... after a timeout; only safe when the
 *     peer drops duplicates by token, as tillbridge's frob does
 * @param history received frames remembered for duplicate detection, and frames sent remembered for
 *     echo detection
 */
public record LinkPolicy(Duration ackTimeout, int maxTransmissions, Duration keepAlive, Duration pingAnswer,
                         boolean retransmitNonIdempotentOnTimeout, int history) {
    public static final LinkPolicy DEFAULT =
            new LinkPolicy(Duration.ofSeconds(3), 3, Duration.ofSeconds(30), Duration.ofSeconds(10), false, 16);

    public LinkPolicy {
        if (ackTimeout.isNegative() || ackTimeout.isZero()) throw new IllegalArgumentException("ackTimeout must be > 0, was " + ackTimeout);
        if (maxTransmissions < 1) throw new IllegalArgumentException("maxTransmissions must be >= 1, was " + maxTransmissions);
        if (keepAlive.isNegative()) throw new IllegalArgumentException("keepAlive must be >= 0, was " + keepAlive);
        if (pingAnswer.isNegative() || pingAnswer.isZero()) throw new IllegalArgumentException("pingAnswer must be > 0, was " + pingAnswer);
        if (history < 1) throw new IllegalArgumentException("history must be >= 1, was " + history);
    }

    /**
     * How long after a frame a byte-identical one is still the peer's retransmission of it: the
     * peer resends after each ACK timeout, at most {@code maxTransmissions - 1} times, so its last
     * copy leaves within {@code (maxTransmissions - 1) * ackTimeout}; one more ACK timeout covers
     * transfer and scheduling delays.
     */
    public Duration retransmissionWindow() {
        return ackTimeout.multipliedBy(maxTransmissions);
    }

    public LinkPolicy withKeepAlive(Duration d) {
        return new LinkPolicy(ackTimeout, maxTransmissions, d, pingAnswer, retransmitNonIdempotentOnTimeout, history);
    }

    public LinkPolicy withAckTimeout(Duration d) {
        return new LinkPolicy(d, maxTransmissions, keepAlive, pingAnswer, retransmitNonIdempotentOnTimeout, history);
    }

    public LinkPolicy withRetransmitNonIdempotent(boolean on) {
        return new LinkPolicy(ackTimeout, maxTransmissions, keepAlive, pingAnswer, on, history);
    }
}
