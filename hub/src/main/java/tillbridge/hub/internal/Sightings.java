package tillbridge.hub.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each site's agent was last heard from, and for how long that counts. A site is connected
 * while an agent request (stream open, poll, heartbeat, result, event, …) was seen within the
 * limit, whatever the TCP connection looks like: a half-open connection to a dead agent stays
 * "open" for a long time, but it sends no heartbeats. Pure: the caller passes the time in.
 */
public final class Sightings {
    /** The last request seen and how long after it the site still counts as connected. */
    public record Seen(Instant at, Duration limit) {
        boolean fresh(Instant now) {
            return now.isBefore(at.plus(limit));
        }
    }

    private final Duration defaultLimit;
    private final Map<String, Seen> sites = new ConcurrentHashMap<>();

    /** {@code defaultLimit}: for sites whose agent never opened a stream (the default ping's idle limit). */
    public Sightings(Duration defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    /** An agent request of the site; keeps the limit its stream asked for, if any. */
    public void seen(String siteId, Instant now) {
        sites.merge(siteId, new Seen(now, defaultLimit), (old, n) -> new Seen(now, old.limit()));
    }

    /** The agent opened a stream (or poll) whose idle limit is {@code limit}; later sightings use it. */
    public void seen(String siteId, Instant now, Duration limit) {
        sites.put(siteId, new Seen(now, limit));
    }

    public Optional<Seen> last(String siteId) {
        return Optional.ofNullable(sites.get(siteId));
    }

    public boolean connected(String siteId, Instant now) {
        Seen s = sites.get(siteId);
        return s != null && s.fresh(now);
    }
}
