package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tillbridge.contract.Fields;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobJson;
import tillbridge.hub.HubEvents;
import tillbridge.hub.Timings;
import tillbridge.hub.internal.Model.Delivery;
import tillbridge.hub.internal.Model.Job;

/** {@code /agent/v1}: registration, the job stream, the long-poll fallback, acks, progress, results. */
public final class AgentApi {
    static final int POLL_MAX_ITEMS = 1000;
    private final SiteStore sites;
    private final JobStore jobs;
    private final DeliveryStore deliveries;
    private final DocumentStore documents;
    private final LiveRegistry live;
    private final Timings timings;
    private final HubEvents events;
    private final Executor executor;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AdmissionGate admission;

    public AgentApi(SiteStore sites, JobStore jobs, DeliveryStore deliveries, DocumentStore documents, LiveRegistry live, Timings timings,
                    HubEvents events, Executor executor, ScheduledExecutorService timer, Clock clock, AdmissionGate admission) {
        this.admission = admission;
        this.documents = documents;
        this.timer = timer;
        this.sites = sites;
        this.jobs = jobs;
        this.deliveries = deliveries;
        this.live = live;
        this.timings = timings;
        this.events = events;
        this.executor = executor;
        this.clock = clock;
    }

    public void routes(Router r) {
        String p = "/agent/v1";
        r.add("POST", p + "/register", this::register);
        r.add("GET", p + "/stream", this::stream);
        r.add("GET", p + "/poll", this::poll);
        r.add("POST", p + "/status", this::status);
        r.add("POST", p + "/heartbeat", ex -> {
            agent(ex);
            ex.noContent();
        });
        r.add("POST", p + "/jobs/{job}/ack", ex -> reply(ex, jobs.ack(agent(ex).siteId(), ex.param("job")), "acknowledged"));
        r.add("POST", p + "/jobs/{job}/events", this::progress);
        r.add("POST", p + "/jobs/{job}/result", this::result);
        r.add("GET", p + "/documents/{doc}", this::document);
    }

    /**
     * An agent's (re)connection may be set up now if {@link #admission} says so (asked before the
     * token is even looked up, so a refusal costs the database nothing); otherwise 503 with a
     * Retry-After. The caller calls {@code admission.leave} once the set-up is over.
     */
    private void admit(Exchange ex) {
        AdmissionGate.Decision d = admission.enter(System.nanoTime());
        if (d.admitted()) return;
        ex.header("Retry-After", Integer.toString(d.retryAfterSeconds()));
        throw new ApiError(503, "overloaded", "the hub is setting up other agents' connections; come back after "
                + d.retryAfterSeconds() + " s (header Retry-After)");
    }

    /** A print document of the agent's own site, streamed; {@code X-Content-SHA256} lets the agent check it. */
    private void document(Exchange ex) throws java.io.IOException {
        SiteStore.Agent a = agent(ex);
        DocumentStore.Document d = documents.get(a.siteId(), ex.param("doc"))
                .orElseThrow(() -> ApiError.notFound("document " + Fields.clip(ex.param("doc"))));
        ex.header("X-Content-SHA256", d.sha256());
        ex.stream(d.contentType(), d.bytes(), out -> documents.copy(d, out));
    }

    private SiteStore.Agent agent(Exchange ex) {
        SiteStore.Agent a = sites.byToken(bearer(ex)).orElseThrow(() -> notRecognised(ex));
        live.seen(a.siteId());
        return a;
    }

    /** The agent opens a stream or a long poll: it becomes the site's newest connection, seen as connected for {@code idle}. */
    private DeliveryStore.Opened connect(Exchange ex, Duration idle) {
        DeliveryStore.Opened o = deliveries.connect(bearer(ex)).orElseThrow(() -> notRecognised(ex));
        live.seen(o.agent().siteId(), idle);
        return o;
    }

    private static String bearer(Exchange ex) {
        String token = ex.bearer();
        if (token == null) throw unauthorized(ex, "missing 'Authorization: Bearer <agent token>'");
        return token;
    }

    private static ApiError notRecognised(Exchange ex) {
        return unauthorized(ex, "agent token not recognised; register the agent again");
    }

    private static ApiError unauthorized(Exchange ex, String why) {
        ex.header("WWW-Authenticate", "Bearer realm=\"tillbridge agent\"");
        return ApiError.unauthorized(why);
    }

    private void register(Exchange ex) {
        Fields f = new Fields(ex.jsonBody()).only(Set.of("code", "agent_version"));
        String code = f.string("code", 32);
        String version = f.string("agent_version", 100);
        SiteStore.Registration reg = sites.register(code, version);
        events.agentRegistered(reg.siteId(), version, ex.remote());
        ex.reply(200, Json.object().put("site_id", reg.siteId()).put("token", reg.token()));
    }

    private void stream(Exchange ex) {
        admit(ex);
        try {
            openStream(ex);
        } finally {
            admission.leave(System.nanoTime());
        }
    }

    private void openStream(Exchange ex) {
        bearer(ex);   // no token is 401 before a bad query is 400; the token itself is checked as the connection opens
        Duration ping = Duration.ofSeconds(BoxOfficeApi.intQuery(ex, "ping", 1, 3600, (int) timings.pingDefault().toSeconds()));
        if (ping.compareTo(timings.pingMin()) < 0 || ping.compareTo(timings.pingMax()) > 0) {
            throw ApiError.badRequest("query parameter 'ping' must be " + timings.pingMin().toSeconds() + ".."
                    + timings.pingMax().toSeconds() + " seconds, was " + ping.toSeconds());
        }
        long lastEventId = lastEventId(ex);
        Duration dead = timings.deadAfter(ping);
        DeliveryStore.Opened opened = connect(ex, dead);
        SiteStore.Agent a = opened.agent();
        long connection = opened.connection();
        AgentStream[] self = new AgentStream[1];
        SseSink sink = ex.startEvents(dead, reason -> {
            if (self[0] != null) live.ended(self[0], reason);
        });
        AgentStream s = new AgentStream(a.siteId(), connection, ex.remote(), sink, ping, dead, lastEventId, clock, deliveries, events, executor, timer);
        self[0] = s;
        sink.comment("tillbridge hub: site " + a.siteId() + ", ping every " + ping.toSeconds() + " s");
        events.streamOpened(a.siteId(), ex.remote(), ping, lastEventId);
        live.attach(s);
        if (sink.ended()) live.ended(s, "ended while opening");
    }

    private void poll(Exchange ex) throws InterruptedException {
        String q = ex.query("after");
        long after = q == null ? DeliveryStore.EVERYTHING : parseId(q, "query parameter 'after'");
        SiteStore.Agent a;
        long connection;
        admit(ex);
        try {
            DeliveryStore.Opened opened = connect(ex, timings.deadAfter(timings.pingDefault()));
            a = opened.agent();
            connection = opened.connection();
            ex.idleTimeout(timings.pollTimeout().plusSeconds(30));
        } finally {
            admission.leave(System.nanoTime());
        }
        List<Delivery> got = waitForItems(a.siteId(), connection, after);
        ArrayNode arr = Json.MAPPER.createArrayNode();
        long last = Math.max(after, 0);
        for (Delivery d : got) {
            ObjectNode o = arr.addObject();
            o.put("id", d.seq()).put("event", d.event());
            o.set("data", d.data());
            last = d.seq();
        }
        ObjectNode out = Json.object();
        out.set("events", arr);
        out.put("last_event_id", last);
        boolean flushed = false;
        try {
            flushed = ex.replyFlushed(200, out, timings.deadAfter(timings.pingDefault()));
        } finally {
            if (!flushed) deliveries.released(a.siteId(), got);
        }
        if (got.isEmpty()) return;
        DeliveryStore.report(events, a.siteId(), got, deliveries.delivered(got), "poll", clock.instant());
    }

    /** Claims what is pending, waiting up to the poll timeout for something; 409 once superseded. */
    private List<Delivery> waitForItems(String siteId, long connection, long after) throws InterruptedException {
        Instant deadline = clock.instant().plus(timings.pollTimeout());
        List<Delivery> got = new ArrayList<>();
        for (;;) {
            CompletableFuture<Void> changed = live.pollWaiter(siteId, connection);
            try {
                if (changed.isCompletedExceptionally()) changed.join();
                long upTo = Long.MAX_VALUE;
                while (got.size() < POLL_MAX_ITEMS) {
                    DeliveryStore.Batch b = deliveries.take(siteId, connection, after, after, upTo);
                    got.addAll(b.items());
                    if (b.items().size() < DeliveryStore.BATCH) break;
                    if (upTo == Long.MAX_VALUE) upTo = b.before();
                }
                if (!got.isEmpty()) return got;
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (left <= 0) return got;
                changed.get(left, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return got;
            } catch (ExecutionException | CompletionException e) {
                if (e.getCause() instanceof ApiError refused) throw refused;
                if (e.getCause() instanceof HubException.Superseded superseded) throw superseded;
                throw new IllegalStateException(e.getCause());
            } finally {
                live.pollDone(siteId, changed);
            }
        }
    }

    private void status(Exchange ex) {
        SiteStore.Agent a = agent(ex);
        ObjectNode body = ex.jsonBody();
        Fields f = new Fields(body).only(Set.of("agent_version", "terminals", "printers"));
        String version = f.optString("agent_version", 100);
        for (String list : List.of("terminals", "printers")) {
            JsonNode v = body.get(list);
            if (v != null && (!v.isArray() || v.size() > 64)) {
                throw ApiError.badRequest("field '" + list + "' must be an array of at most 64 objects");
            }
            if (v != null) v.forEach(x -> {
                if (!x.isObject()) throw ApiError.badRequest("field '" + list + "' must contain objects, found " + Fields.type(x));
            });
        }
        ObjectNode st = Json.object();
        st.set("terminals", body.has("terminals") ? body.get("terminals") : Json.MAPPER.createArrayNode());
        st.set("printers", body.has("printers") ? body.get("printers") : Json.MAPPER.createArrayNode());
        if (Json.write(st).length() > 16_000) throw new ApiError(413, "status is larger than 16000 characters of JSON");
        sites.recordStatus(a.siteId(), version, st);
        ex.reply(200, Json.object().put("site_id", a.siteId()));
    }

    private void progress(Exchange ex) {
        SiteStore.Agent a = agent(ex);
        JobEvent.Progress event = JobJson.progress(ex.jsonBody());
        reply(ex, jobs.progress(a.siteId(), ex.param("job"), event), "event " + event.kind());
    }

    private void result(Exchange ex) {
        SiteStore.Agent a = agent(ex);
        JobJson.Posted p = JobJson.posted(ex.jsonBody());
        reply(ex, jobs.result(a.siteId(), ex.param("job"), p.state(), p.result(), p.recovered()),
                (p.recovered() ? "recovered result " : "result ") + p.state().wire());
    }

    private void reply(Exchange ex, Job j, String what) {
        events.jobUpdated(j.siteId(), j.id(), j.state().wire(), what);
        ex.reply(200, j.toJson());
    }

    /** The Last-Event-ID header as a number, or -1 when absent. */
    static long lastEventId(Exchange ex) {
        String h = ex.header("Last-Event-ID");
        return h == null || h.isBlank() ? -1 : parseId(h.trim(), "header 'Last-Event-ID'");
    }

    static long parseId(String s, String what) {
        try {
            long v = Long.parseLong(s);
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw ApiError.badRequest(what + " must be a non-negative integer event id, was '" + Fields.clip(s) + "'");
    }
}
