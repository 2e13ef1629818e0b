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
 * The live connections of this node: at most one agent stream per site (a new one replaces the
 * old), long polls waiting per site, and box-office followers per job. Implements
 * {@link Signals} in process.
 */
public final class LiveRegistry implements Signals {
    private final Map<String, AgentStream> streams = new ConcurrentHashMap<>();
    private final Map<String, Set<CompletableFuture<Void>>> polls = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastPoll = new ConcurrentHashMap<>();
    private final Map<String, Set<JobFollower>> followers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final HubEvents events;
    private final Clock clock;

    public LiveRegistry(ScheduledExecutorService timer, HubEvents events, Clock clock) {
        this.timer = timer;
        this.events = events;
        this.clock = clock;
    }

    /** What this node knows about a site's agent connection. */
    public record Presence(boolean connected, String via, Instant lastPing, String remote) {}

    public void attach(AgentStream s) {
        AgentStream old = streams.put(s.siteId(), s);
        if (old != null) {
            old.stop();
            old.sink().close("replaced by a new stream from " + s.remote());
        }
        s.start(timer);
    }

    /** Called once when a stream ends, whatever the reason. */
    public void ended(AgentStream s, String reason) {
        s.stop();
        streams.remove(s.siteId(), s);
        events.streamClosed(s.siteId(), s.remote(), reason);
    }

    /** A future completed at the site's next change; {@link #pollDone} it afterwards. */
    public CompletableFuture<Void> pollWaiter(String siteId) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        polls.computeIfAbsent(siteId, k -> ConcurrentHashMap.newKeySet()).add(f);
        lastPoll.put(siteId, clock.instant());
        return f;
    }

    public void pollDone(String siteId, CompletableFuture<Void> f) {
        polls.computeIfPresent(siteId, (k, set) -> {
            set.remove(f);
            return set.isEmpty() ? null : set;
        });
        lastPoll.put(siteId, clock.instant());
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
        Set<CompletableFuture<Void>> waiting = polls.get(siteId);
        if (waiting != null) waiting.forEach(f -> f.complete(null));
    }

    @Override
    public void jobChanged(String jobId) {
        Set<JobFollower> fs = followers.get(jobId);
        if (fs != null) fs.forEach(JobFollower::wake);
    }

    /** Connected: a stream is open, a poll is waiting, or one ended less than {@code grace} ago. */
    public Optional<Presence> presence(String siteId, Duration grace) {
        AgentStream s = streams.get(siteId);
        if (s != null) {
            return Optional.of(new Presence(true, "stream", s.lastPing() != null ? s.lastPing() : s.connectedAt(), s.remote()));
        }
        Instant p = lastPoll.get(siteId);
        if (p == null) return Optional.empty();
        boolean waiting = polls.containsKey(siteId);
        return Optional.of(new Presence(waiting || p.plus(grace).isAfter(clock.instant()), "poll", p, null));
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

    /** Ends every open stream (hub stopping). */
    public void closeAll() {
        streams.values().forEach(s -> s.sink().close("hub stopping"));
        followers.values().forEach(set -> set.forEach(f -> f.sink().close("hub stopping")));
        polls.values().forEach(set -> set.forEach(f -> f.complete(null)));
    }
}
