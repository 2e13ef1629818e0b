package tillbridge.hub.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import tillbridge.hub.HubEvents;

/**
 * The live connections of this node: per site the agent's newest connection (a stream or a long
 * poll; opening one, here or on another node, supersedes every older one of the site, so a job
 * never goes to a connection whose client has gone), long polls waiting per site, and box-office
 * followers per job. Implements {@link Signals} in process.
 */
public final class LiveRegistry implements Signals {
    private final Map<String, AgentStream> streams = new ConcurrentHashMap<>();
    private final Map<String, Set<Waiter>> polls = new ConcurrentHashMap<>();
    private final Map<String, Long> newest = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final Map<String, Instant> lastPoll = new ConcurrentHashMap<>();
    private final Map<String, Set<JobFollower>> followers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final HubEvents events;
    private final Clock clock;
    private final Sightings sightings;

    /** {@code idleLimit}: how long after its last request an agent without a stream counts as connected. */
    public LiveRegistry(ScheduledExecutorService timer, HubEvents events, Clock clock, Duration idleLimit) {
        this.timer = timer;
        this.events = events;
        this.clock = clock;
        this.sightings = new Sightings(idleLimit);
    }

    /** What this node knows about a site's agent: connected, and how it was last heard from. */
    public record Presence(boolean connected, String via, Instant lastPing, Instant lastSeen) {}

    /** Any authenticated request of the site's agent. */
    public void seen(String siteId) {
        sightings.seen(siteId, clock.instant());
    }

    /** The agent opened a stream whose idle limit is {@code limit}: it counts as connected that long after each request. */
    public void seen(String siteId, Duration limit) {
        sightings.seen(siteId, clock.instant(), limit);
    }

    /** A long poll waiting for its site's next change; fails with 409 when superseded, 503 at shutdown. */
    private record Waiter(long connection, CompletableFuture<Void> changed) {}

    /**
     * Connection {@code connection} of the site's agent opened, on this node or another: older
     * ones are superseded (an older stream is closed, older waiting polls are answered 409).
     */
    @Override
    public void siteConnected(String siteId, long connection) {
        newest.merge(siteId, connection, Math::max);
        AgentStream old = streams.get(siteId);
        if (old != null && old.connection() < connection && streams.remove(siteId, old)) {
            old.stop();
            old.sink().close("superseded by a newer connection of this agent");
        }
        Set<Waiter> waiting = polls.get(siteId);
        if (waiting != null) {
            waiting.stream().filter(w -> w.connection < connection).forEach(w -> w.changed.completeExceptionally(DeliveryStore.superseded()));
        }
    }

    /** Whether no newer connection of the site has opened since {@code connection}. */
    public boolean isNewest(String siteId, long connection) {
        return newest.getOrDefault(siteId, 0L) == connection;
    }

    /** Starts a stream whose connection was announced with {@link #siteConnected}; closes it at once if superseded meanwhile. */
    public void attach(AgentStream s) {
        if (!isNewest(s.siteId(), s.connection())) {
            s.sink().close("superseded by a newer connection");
            return;
        }
        AgentStream old = streams.put(s.siteId(), s);
        if (old != null) {
            old.stop();
            old.sink().close("replaced by a new stream from " + s.remote());
        }
        s.start();
    }

    /** Called once when a stream ends, whatever the reason. */
    public void ended(AgentStream s, String reason) {
        s.stop();
        streams.remove(s.siteId(), s);
        events.streamClosed(s.siteId(), s.remote(), reason);
    }

    /**
     * A future completed at the site's next change, or failed when the poll is superseded
     * ({@link HubException.Superseded}) or the hub stops (a 503 {@link ApiError}); {@link #pollDone} it afterwards.
     */
    public CompletableFuture<Void> pollWaiter(String siteId, long connection) {
        Waiter w = new Waiter(connection, new CompletableFuture<>());
        polls.computeIfAbsent(siteId, k -> ConcurrentHashMap.newKeySet()).add(w);
        lastPoll.put(siteId, clock.instant());
        if (stopping) w.changed.completeExceptionally(shuttingDown());
        else if (!isNewest(siteId, connection)) w.changed.completeExceptionally(DeliveryStore.superseded());
        return w.changed;
    }

    public void pollDone(String siteId, CompletableFuture<Void> f) {
        polls.computeIfPresent(siteId, (k, set) -> {
            set.removeIf(w -> w.changed == f);
            return set.isEmpty() ? null : set;
        });
        lastPoll.put(siteId, clock.instant());
    }

    private static ApiError shuttingDown() {
        return new ApiError(503, "hub stopping; poll again in a moment");
    }

    public void follow(JobFollower f, Duration ping) {
        followers.computeIfAbsent(f.jobId(), k -> ConcurrentHashMap.newKeySet()).add(f);
        f.start(timer, ping);
    }

    public void unfollow(JobFollower f) {
        f.stop();
        followers.computeIfPresent(f.jobId(), (k, set) -> {
            set.remove(f);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void siteChanged(String siteId) {
        AgentStream s = streams.get(siteId);
        if (s != null) s.wake();
        Set<Waiter> waiting = polls.get(siteId);
        if (waiting != null) waiting.forEach(w -> w.changed.complete(null));
    }

    @Override
    public void jobChanged(String jobId) {
        Set<JobFollower> fs = followers.get(jobId);
        if (fs != null) fs.forEach(JobFollower::wake);
    }

    /** Every box-office follower re-reads its job's events (after announcements may have been missed). */
    public void wakeFollowers() {
        followers.values().forEach(set -> set.forEach(JobFollower::wake));
    }

    /**
     * Connected: an agent request was seen within the idle limit (a heartbeat after each ping
     * keeps a healthy stream connected; an open but silent TCP connection does not).
     */
    public Optional<Presence> presence(String siteId) {
        Optional<Sightings.Seen> seen = sightings.last(siteId);
        if (seen.isEmpty()) return Optional.empty();
        boolean connected = sightings.connected(siteId, clock.instant());
        AgentStream s = streams.get(siteId);
        if (s != null) {
            return Optional.of(new Presence(connected, "stream", s.lastPing() != null ? s.lastPing() : s.connectedAt(), seen.get().at()));
        }
        return Optional.of(new Presence(connected, lastPoll.containsKey(siteId) ? "poll" : null, null, seen.get().at()));
    }

    public int streamCount() {
        return streams.size();
    }

    public int pollCount() {
        return polls.values().stream().mapToInt(Set::size).sum();
    }

    public int followerCount() {
        return followers.values().stream().mapToInt(Set::size).sum();
    }

    /** Ends every open stream and answers waiting polls 503 (hub stopping). */
    public void closeAll() {
        stopping = true;
        streams.values().forEach(s -> s.sink().close("hub stopping"));
        followers.values().forEach(set -> set.forEach(f -> f.sink().close("hub stopping")));
        polls.values().forEach(set -> set.forEach(w -> w.changed.completeExceptionally(shuttingDown())));
    }
}
