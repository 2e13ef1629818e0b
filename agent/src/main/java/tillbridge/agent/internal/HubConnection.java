package tillbridge.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import tillbridge.agent.AgentConfig;
import tillbridge.agent.AgentEvents;
import tillbridge.agent.internal.HubClient.HubException;

/**
 * Holds the agent's connection to the hub: the SSE stream ({@code GET /agent/v1/stream}), or the
 * long poll when the stream's pings stop arriving in time or the stream request keeps failing,
 * reconnecting as {@link Reconnect} says and resuming with {@code Last-Event-ID}. Jobs and answers
 * go to {@link Jobs}; an event id counts as seen only after its job was handled (journaled). Each
 * ping on the stream is answered with a heartbeat ({@code POST /agent/v1/heartbeat}). A poll
 * answered 409 (a newer connection with this agent's token took over: another process runs with
 * the same credentials) pauses for {@link #SUPERSEDED_PAUSE} before connecting again, so the
 * two do not take the connection from each other every second, and this agent is not silenced
 * for good when the other one goes away.
 */
public final class HubConnection implements Runnable, AutoCloseable {
    static final int MAX_EVENT_BYTES = 1 << 20;
    static final Duration POLL_WAIT = Duration.ofSeconds(150);
    static final Duration SUPERSEDED_PAUSE = Duration.ofMinutes(5);
    /** How often sleep and network changes are looked for. */
    static final Duration DISTURBANCE_CHECK = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubClient hub;
    /** The ping period asked of the hub, shortened when the network cuts idle streams sooner. */
    private final TunnelLife tunnel;
    private final JobSink jobs;
    private final Reconnect policy;
    private final AgentEvents events;
    private final Runnable onConnected;
    private final ScheduledExecutorService watchdogs = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("stream-watchdog").factory());
    private volatile boolean closed;
    private volatile long lastEventId = -1;
    private volatile long lastActivity;
    private volatile InputStream current;
    /** Whether the current stream attempt delivered anything. */
    private volatile boolean delivered;
    private volatile Thread loop;
    /** Why the connection is being made again at once ({@link #reconnectNow}); null otherwise. */
    private volatile String kicked;
    /**
     * Orders the interrupts other threads send the loop (a silent stream, {@link #reconnectNow})
     * with the loop's clearing of them, so that an interrupt meant for one attempt never ends the
     * next one (a poll whose answer, already sent by the hub, would then be dropped).
     */
    private final Object interrupts = new Object();

    /**
     * @param onConnected called (on its own thread) after every successful connect: post the
     *     status, signal readiness
     */
    public HubConnection(HubClient hub, Duration ping, JobSink jobs, Reconnect policy, AgentEvents events, Runnable onConnected) {
        this.hub = hub;
        this.tunnel = new TunnelLife(ping, Duration.ofSeconds(AgentConfig.PING_MIN));
        this.jobs = jobs;
        this.policy = policy;
        this.events = events;
        this.onConnected = onConnected;
    }

    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    public long lastEventId() {
        return lastEventId;
    }

    @Override
    public void run() {
        loop = Thread.currentThread();
        Disturbances disturbances = new Disturbances(System.currentTimeMillis(), now(), localAddresses());
        watchdogs.scheduleWithFixedDelay(() -> disturbances.look(System.currentTimeMillis(), now(), localAddresses()).ifPresent(this::reconnectNow),
                DISTURBANCE_CHECK.toMillis(), DISTURBANCE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        while (!closed) {
            Reconnect.Mode mode;
            synchronized (policy) {
                mode = policy.mode(now());
            }
            String reason;
            boolean superseded = false;
            Optional<Duration> retryAfter = Optional.empty();
            boolean unreachable = false;
            delivered = false;
            synchronized (interrupts) {
                kicked = null;
                Thread.interrupted();
            }
            try {
                reason = mode == Reconnect.Mode.STREAM ? stream() : poll();
            } catch (HubException e) {
                superseded = mode == Reconnect.Mode.POLL && e.status() == 409;
                retryAfter = e.retryAfter();
                unreachable = HubClient.unreachable(e);
                reason = e.getMessage() + (e.status() == 401 ? " (the hub does not know this agent's token: register it again)"
                        : retryAfter.isPresent() ? "" : e.status() == 503 ? " (the hub is stopping)"
                        : HubClient.untrusted(e) ? " (set trust_store in agent.json to the certificate of the CA that issued it, PEM)" : "");
            } catch (IOException | UncheckedIOException e) {
                reason = HubClient.describe(e);
                unreachable = HubClient.unreachable(e);
            } catch (InterruptedException e) {
                reason = "interrupted";
            }
            String kick;
            synchronized (interrupts) {
                Thread.interrupted();
                kick = kicked;
            }
            if (closed) break;
            if (kick != null) {
                synchronized (policy) {
                    policy.connected(); // the old connection's failures say nothing about the new network
                }
                events.reconnectingNow(mode == Reconnect.Mode.STREAM ? "stream" : "long poll", kick);
                continue;
            }
            if (superseded) {
                events.superseded("long poll", "a newer connection with this agent's token took over (" + reason
                        + "); is a second agent running with these credentials? connecting again in " + SUPERSEDED_PAUSE.toMinutes() + " min");
                if (!pause(SUPERSEDED_PAUSE)) break;
                continue;
            }
            boolean switched;
            synchronized (policy) {
                // A hub that asked to be called back later answered: no proxy is in the way of the stream.
                // One that could not be reached at all (stopped, restarting, no network) would fail a
                // long poll the same way, so only a refusal of the stream request itself counts.
                switched = mode == Reconnect.Mode.STREAM && !delivered && retryAfter.isEmpty() && !unreachable && policy.streamFailed(now());
            }
            if (switched) {
                events.modeChanged("stream", "long poll", Reconnect.STREAM_FAILURES + " stream attempts failed in a row (last: " + reason
                        + "); streaming is tried again in " + Reconnect.PROBE_AFTER.toMinutes() + " min");
            }
            Duration delay;
            int attempt;
            synchronized (policy) {
                delay = policy.nextDelay(retryAfter);
                attempt = policy.attempt();
            }
            events.disconnected(mode == Reconnect.Mode.STREAM ? "stream" : "long poll", reason, attempt, delay);
            if (!pause(delay)) break;
        }
    }

    /** Sleeps; false when the connection was closed meanwhile. */
    private boolean pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            // close() interrupts the sleep; any other interruption only shortens it
        }
        return !closed;
    }

    private String stream() throws IOException, InterruptedException {
        events.connecting("stream", hub.base() + "/agent/v1/stream", lastEventId);
        Duration ping = tunnel.ping();
        HttpResponse<InputStream> r = hub.openStream((int) ping.toSeconds(), lastEventId);
        InputStream in = r.body();
        if (r.statusCode() != 200) {
            String body;
            try (in) {
                body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            throw new HubException(r.statusCode(), "stream: HTTP " + r.statusCode() + " " + HubClient.errorText(body), HubClient.retryAfter(r));
        }
        current = in;
        lastActivity = now();
        String[] silent = new String[1];
        Thread reader = Thread.currentThread();
        ScheduledFuture<?> watchdog = watchdogs.scheduleAtFixedRate(() -> {
            synchronized (policy) {
                long t = now();
                if (silent[0] != null || !policy.silent(ping, lastActivity, t)) return;
                silent[0] = "no event for " + (t - lastActivity) / 1000 + " s over an open stream (pings asked every " + ping.toSeconds()
                        + " s; a buffering proxy?)";
                policy.pingsLate(t);
            }
            events.modeChanged("stream", "long poll", silent[0] + "; streaming is tried again in " + Reconnect.PROBE_AFTER.toMinutes() + " min");
            synchronized (interrupts) {
                if (current != in) return; // the stream has ended meanwhile: the loop is on to its next attempt
                closeQuietly(in);
                reader.interrupt();
            }
        }, 1, 1, TimeUnit.SECONDS);
        SseParser parser = new SseParser(MAX_EVENT_BYTES);
        boolean first = true;
        byte[] buf = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                lastActivity = now();
                if (first) {
                    first = false;
                    delivered = true;
                    synchronized (policy) {
                        policy.connected();
                    }
                    connected("stream");
                }
                parser.feed(buf, 0, n, this::item);
                if (silent[0] != null) break;
            }
            ended(silent[0] == null && !closed && kicked == null);
            return silent[0] != null ? silent[0] : closed ? "agent stopping" : "the hub closed the stream";
        } catch (IOException e) {
            ended(silent[0] == null && !closed && kicked == null);
            if (silent[0] != null) return silent[0];
            throw e;
        } finally {
            watchdog.cancel(false);
            synchronized (interrupts) {
                current = null;
            }
            closeQuietly(in);
        }
    }

    /** Tells {@link #tunnel} how the stream ended: {@code byPeer} when neither the agent nor its silence watchdog ended it. */
    private void ended(boolean byPeer) {
        if (!byPeer || !delivered) {
            tunnel.streamEndedOtherwise();
            return;
        }
        tunnel.streamCut(now() - lastActivity).ifPresent(s -> events.pingShortened(s.from(), s.to(), s.reason()));
    }

    private void item(SseParser.Item item) {
        switch (item) {
            case SseParser.Item.Comment c -> { }
            case SseParser.Item.Oversized o -> events.problem("stream", new IOException("an event larger than " + o.limit() + " bytes was dropped"));
            case SseParser.Item.Event e -> {
                JsonNode data;
                try {
                    data = e.event().equals("ping") ? null : JSON.readTree(e.data());
                } catch (IOException x) {
                    events.problem("stream: event '" + e.event() + "' id " + e.id() + " is not JSON; skipped", x);
                    data = null;
                    if (!e.event().equals("job") && !e.event().equals("answer")) return;
                }
                if (e.event().equals("ping")) {
                    events.pinged();
                    heartbeat();
                }
                long id = parseId(e.id());
                handle(e.event(), data, id);
            }
        }
    }

    private void handle(String event, JsonNode data, long id) {
        try {
            if (data != null) {
                switch (event) {
                    case "job" -> jobs.offer(data, id);
                    case "answer" -> jobs.answer(data);
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("job event " + id + " could not be journaled: " + e.getMessage(), e);
        }
        if (id >= 0) lastEventId = id;
    }

    /** Off the reader thread: a slow hub must not hold up the stream. */
    private void heartbeat() {
        Thread.ofVirtual().name("heartbeat").start(() -> {
            try {
                hub.heartbeat();
            } catch (IOException e) {
                events.heartbeatFailed(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static long parseId(String id) {
        if (id == null) return -1;
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String poll() throws IOException, InterruptedException {
        events.connecting("long poll", hub.base() + "/agent/v1/poll", lastEventId);
        boolean first = true;
        while (!closed) {
            synchronized (policy) {
                if (policy.probeDue(now())) return "trying the stream again after " + Reconnect.PROBE_AFTER.toMinutes() + " min of long poll";
            }
            JsonNode r = hub.poll(lastEventId, POLL_WAIT);
            if (first) {
                first = false;
                synchronized (policy) {
                    policy.connected();
                }
                connected("long poll");
            }
            for (JsonNode e : r.path("events")) {
                handle(e.path("event").asText(), e.get("data"), e.path("id").asLong(-1));
            }
            long last = r.path("last_event_id").asLong(-1);
            if (last > lastEventId) lastEventId = last;
        }
        return "agent stopping";
    }

    private void connected(String mode) {
        events.connected(mode);
        Thread.ofVirtual().name("on-connected").start(onConnected);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /**
     * Ends the current stream or poll and connects again at once, without the reconnect delay:
     * the machine woke from sleep or its network changed, so the connection is most likely dead.
     */
    public void reconnectNow(String why) {
        synchronized (interrupts) {
            kicked = why;
            InputStream in = current;
            if (in != null) closeQuietly(in);
            Thread t = loop;
            if (t != null) t.interrupt();
        }
    }

    /** The machine's addresses on interfaces that are up, loopback aside: what a network change changes. */
    static Set<String> localAddresses() {
        Set<String> all = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) continue;
                for (InetAddress a : Collections.list(nic.getInetAddresses())) all.add(a.getHostAddress());
            }
        } catch (SocketException e) {
            // the interfaces could not be listed this time: same as no change
        }
        return all;
    }

    @Override
    public void close() {
        closed = true;
        InputStream in = current;
        if (in != null) closeQuietly(in);
        Thread t = loop;
        if (t != null) t.interrupt();
        watchdogs.shutdownNow();
    }
}
