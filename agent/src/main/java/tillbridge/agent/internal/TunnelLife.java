package tillbridge.agent.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * Learns how long the network lets an idle stream live, and shortens the ping period below it:
 * a pure rule, the times passed in.
 *
 * <p>Proxies and NAT boxes close a tunnel that carried nothing for their idle limit. A stream
 * cut while idle for less than the ping period (so before the hub's next ping was due) is a
 * sign; one such cut may be a hub restart, so the period changes only after {@link #CUTS_NEEDED}
 * cuts in a row whose idle times agree within a third. The new period is half the shorter idle
 * time, never below the hub's minimum: half, because the idle limit a proxy applies and the
 * moment it checks it both drift.
 */
public final class TunnelLife {
    static final int CUTS_NEEDED = 2;
    /** A stream still idle this share of the ping period before its cut was not cut for idleness. */
    static final double BEFORE_PING = 0.9;

    private final Duration floor;
    private Duration ping;
    private int cuts;
    private long shortestIdleMillis;
    private long longestIdleMillis;

    /** The period the agent now asks for, and why it changed. */
    public record Shortened(Duration from, Duration to, String reason) {}

    /**
     * @param ping  the ping period from agent.json
     * @param floor the shortest period the hub accepts
     */
    public TunnelLife(Duration ping, Duration floor) {
        this.ping = ping;
        this.floor = floor;
    }

    /** The ping period to ask the hub for now. */
    public Duration ping() {
        return ping;
    }

    /**
     * A stream that had delivered something ended from the far side (closed or reset), after
     * {@code idleMillis} without a byte. Returns the shortened period when this settles it.
     */
    public Optional<Shortened> streamCut(long idleMillis) {
        if (idleMillis >= ping.toMillis() * BEFORE_PING) {
            cuts = 0;
            return Optional.empty();
        }
        if (cuts == 0) {
            shortestIdleMillis = idleMillis;
            longestIdleMillis = idleMillis;
        } else {
            shortestIdleMillis = Math.min(shortestIdleMillis, idleMillis);
            longestIdleMillis = Math.max(longestIdleMillis, idleMillis);
        }
        cuts++;
        if (longestIdleMillis * 3 > shortestIdleMillis * 4) { // disagree by more than a third: start over from this one
            cuts = 1;
            shortestIdleMillis = idleMillis;
            longestIdleMillis = idleMillis;
        }
        if (cuts < CUTS_NEEDED) return Optional.empty();
        cuts = 0;
        Duration to = Duration.ofSeconds(Math.max(floor.toSeconds(), shortestIdleMillis / 2000));
        if (to.compareTo(ping) >= 0) return Optional.empty();
        Duration from = ping;
        ping = to;
        long idle = Math.round(shortestIdleMillis / 1000.0);
        String why = "the stream was cut " + CUTS_NEEDED + " times in a row after about " + idle + " s without traffic (a proxy or NAT"
                + " closing idle connections?); pinging every " + to.toSeconds() + " s instead of " + from.toSeconds() + " s"
                + (to.equals(floor) && shortestIdleMillis / 2000 < floor.toSeconds() ? " (the hub's minimum; the tunnel may still be cut)" : "");
        return Optional.of(new Shortened(from, to, why));
    }

    /** A stream ended some other way (by the agent, or before delivering): the cuts no longer run in a row. */
    public void streamEndedOtherwise() {
        cuts = 0;
    }
}
