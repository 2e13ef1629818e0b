package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import tillbridge.contract.Fields;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobRequest;
import tillbridge.hub.HubEvents;
import tillbridge.hub.Timings;
import tillbridge.hub.internal.Model.Job;
import tillbridge.hub.internal.Model.Site;
import tillbridge.hub.internal.Model.Tenant;

/** {@code /api/v1}: what a box office (tenant, API key) does. Another tenant's ids are 404. */
public final class BoxOfficeApi {
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private final TenantStore tenants;
    private final SiteStore sites;
    private final JobStore jobs;
    private final DocumentStore documents;
    private final LiveRegistry live;
    private final Timings timings;
    private final HubEvents events;
    private final Executor executor;
    private final byte[] openApi;

    public BoxOfficeApi(TenantStore tenants, SiteStore sites, JobStore jobs, DocumentStore documents, LiveRegistry live, Timings timings,
                        HubEvents events, Executor executor) {
        this.tenants = tenants;
        this.sites = sites;
        this.jobs = jobs;
        this.documents = documents;
        this.live = live;
        this.timings = timings;
        this.events = events;
        this.executor = executor;
        try (InputStream in = BoxOfficeApi.class.getResourceAsStream("/openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json missing from the hub jar");
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi.json", e);
        }
    }

    public void routes(Router r) {
        String p = "/api/v1";
        r.add("GET", p + "/openapi.json", ex -> ex.send(200, "application/json", openApi));
        r.add("POST", p + "/sites", this::createSite);
        r.add("GET", p + "/sites", this::listSites);
        r.add("GET", p + "/sites/{site}", ex -> ex.reply(200, siteJson(site(ex, tenant(ex)))));
        r.add("POST", p + "/sites/{site}/registration-codes", this::newCode);
        r.add("POST", p + "/sites/{site}/documents", this::upload);
        r.add("GET", p + "/sites/{site}/documents/{doc}", ex -> {
            Site s = site(ex, tenant(ex));
            ex.reply(200, documents.get(s.id(), ex.param("doc")).orElseThrow(() -> ApiError.notFound("document " + Fields.clip(ex.param("doc")))).toJson());
        });
        r.add("POST", p + "/sites/{site}/jobs", this::submit);
        r.add("GET", p + "/sites/{site}/jobs", this::listJobs);
        r.add("GET", p + "/jobs/{job}", ex -> ex.reply(200, job(ex, tenant(ex)).toJson()));
        r.add("GET", p + "/jobs/{job}/events", this::follow);
        r.add("POST", p + "/jobs/{job}/prompts/{prompt}/answer", this::answer);
    }

    private Tenant tenant(Exchange ex) {
        String key = ex.bearer();
        if (key == null) throw unauthorized(ex, "missing 'Authorization: Bearer <API key>'");
        return tenants.byApiKey(key).orElseThrow(() -> unauthorized(ex, "API key not recognised"));
    }

    private static ApiError unauthorized(Exchange ex, String why) {
        ex.header("WWW-Authenticate", "Bearer realm=\"tillbridge box office\"");
        return ApiError.unauthorized(why);
    }

    private Site site(Exchange ex, Tenant t) {
        String id = ex.param("site");
        return sites.get(t.id(), id).orElseThrow(() -> ApiError.notFound("site " + Fields.clip(id)));
    }

    private Job job(Exchange ex, Tenant t) {
        String id = ex.param("job");
        return jobs.get(t.id(), id).orElseThrow(() -> ApiError.notFound("job " + Fields.clip(id)));
    }

    private void createSite(Exchange ex) {
        Tenant t = tenant(ex);
        Fields f = new Fields(ex.jsonBody()).only(Set.of("name"));
        Site s = sites.create(t.id(), f.string("name", 200));
        events.siteCreated(t.id(), s.id());
        ex.reply(201, siteJson(s));
    }

    private void listSites(Exchange ex) {
        Tenant t = tenant(ex);
        int limit = intQuery(ex, "limit", 1, 1000, 100);
        String after = ex.query("after");
        List<Site> page = sites.list(t.id(), after, limit);
        ArrayNode arr = Json.MAPPER.createArrayNode();
        page.forEach(s -> arr.add(siteJson(s)));
        ObjectNode out = Json.object();
        out.set("sites", arr);
        out.put("next", page.size() == limit ? page.getLast().id() : null);
        ex.reply(200, out);
    }

    private void newCode(Exchange ex) {
        Site s = site(ex, tenant(ex));
        String code = sites.newCode(s.id(), timings.codeValidity());
        events.codeIssued(s.id(), timings.codeValidity());
        ex.reply(201, Json.object().put("site_id", s.id()).put("code", code)
                .put("expires_in_seconds", timings.codeValidity().toSeconds()));
    }

    private void submit(Exchange ex) {
        Tenant t = tenant(ex);
        Site s = site(ex, t);
        List<String> keys = ex.headers("Idempotency-Key");
        if (keys.size() > 1) throw ApiError.badRequest("header 'Idempotency-Key' given " + keys.size() + " times; give it once");
        String key = keys.isEmpty() ? null : keys.getFirst();
        if (key == null) throw ApiError.badRequest("header 'Idempotency-Key' is required (1..200 visible ASCII characters, unique per job)");
        if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ApiError.badRequest("header 'Idempotency-Key' must be 1..200 visible ASCII characters");
        }
        JobRequest request = JobJson.request(ex.jsonBody());
        if (request instanceof JobRequest.Print p) checkReferences(t, s, p);
        JobStore.Submitted sub = jobs.submit(t.id(), s.id(), key, request);
        events.jobSubmitted(t.id(), s.id(), sub.job().id(), request.type(), sub.created());
        if (!sub.created()) ex.header("Idempotent-Replayed", "true");
        ex.reply(sub.created() ? 201 : 200, sub.job().toJson());
    }

    /**
     * A print document upload: the body is the document itself, {@code Content-Type}
     * application/pdf or application/octet-stream, at most 16 MiB. 201 with its id, or 200 with
     * the same id when these bytes were uploaded to the site before.
     */
    private void upload(Exchange ex) {
        Tenant t = tenant(ex);
        Site s = site(ex, t);
        String ct = ex.header("Content-Type");
        String type = ct == null ? "" : ct.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!DocumentStore.TYPES.contains(type)) {
            throw new ApiError(415, "Content-Type must be " + String.join(" or ", DocumentStore.TYPES) + ", was '" + Fields.clip(String.valueOf(ct))
                    + "'; plain text goes in a print job's 'content' (at most 60000 characters)");
        }
        DocumentStore.Stored d = documents.store(t.id(), s.id(), type, ex.bodyStream(DocumentStore.MAX_BYTES));
        events.documentStored(s.id(), d.document().id(), d.document().bytes(), d.created());
        ex.reply(d.created() ? 201 : 200, d.document().toJson());
    }

    /** A print job's document must be the site's; the job it reprints must be a print job of the site. */
    private void checkReferences(Tenant t, Site s, JobRequest.Print p) {
        if (p.source() instanceof JobRequest.Stored(String doc) && documents.get(s.id(), doc).isEmpty()) {
            throw ApiError.badRequest("field 'document': no document '" + Fields.clip(doc) + "' was uploaded to site " + s.id()
                    + " (POST /api/v1/sites/" + s.id() + "/documents)");
        }
        if (p.reprintOf().isEmpty()) return;
        String original = p.reprintOf().get();
        Job o = jobs.get(t.id(), original).orElseThrow(() -> ApiError.badRequest("field 'reprint_of': no job '" + Fields.clip(original) + "'"));
        if (!o.siteId().equals(s.id())) {
            throw ApiError.badRequest("field 'reprint_of': job " + o.id() + " belongs to another site; a reprint is of a job of the same site");
        }
        if (!(o.request() instanceof JobRequest.Print)) throw ApiError.badRequest("field 'reprint_of': job " + o.id() + " is a " + o.type() + " job, not a print job");
    }

    private void listJobs(Exchange ex) {
        Tenant t = tenant(ex);
        Site s = site(ex, t);
        ArrayNode arr = Json.MAPPER.createArrayNode();
        jobs.listForSite(t.id(), s.id(), intQuery(ex, "limit", 1, 1000, 100)).forEach(j -> arr.add(j.toJson()));
        ObjectNode out = Json.object();
        out.set("jobs", arr);
        ex.reply(200, out);
    }

    private void follow(Exchange ex) {
        Job j = job(ex, tenant(ex));
        long after = AgentApi.lastEventId(ex);
        JobFollower[] self = new JobFollower[1];
        SseSink sink = ex.startEvents(timings.followerPing().multipliedBy(3), reason -> {
            if (self[0] != null) live.unfollow(self[0]);
        });
        self[0] = new JobFollower(j.id(), sink, Math.max(after, 0), jobs, executor);
        sink.comment("job " + j.id());
        live.follow(self[0], timings.followerPing());
        if (sink.ended()) live.unfollow(self[0]);
    }

    private void answer(Exchange ex) {
        Tenant t = tenant(ex);
        String jobId = ex.param("job");
        String prompt = ex.param("prompt");
        String answer = new Fields(ex.jsonBody()).only(Set.of("answer")).string("answer", 1000);
        ex.reply(200, jobs.answer(t.id(), jobId, prompt, answer).toJson());
    }

    ObjectNode siteJson(Site s) {
        ObjectNode o = Json.object();
        o.put("id", s.id()).put("name", s.name()).put("created_at", s.createdAt().toString());
        o.put("registered", s.registeredAt() != null);
        var presence = live.presence(s.id());
        o.put("connected", presence.map(LiveRegistry.Presence::connected).orElse(false));
        o.put("connection", presence.map(LiveRegistry.Presence::via).orElse(null));
        o.put("last_ping", presence.map(LiveRegistry.Presence::lastPing).map(Object::toString).orElse(null));
        var lastSeen = presence.map(LiveRegistry.Presence::lastSeen).orElse(s.lastSeenAt());
        o.put("last_seen_at", lastSeen == null ? null : lastSeen.toString());
        o.put("agent_version", s.agentVersion());
        JsonNode st = s.agentStatus();
        o.set("terminals", st == null || !st.has("terminals") ? Json.MAPPER.createArrayNode() : st.get("terminals"));
        o.set("printers", st == null || !st.has("printers") ? Json.MAPPER.createArrayNode() : st.get("printers"));
        return o;
    }

    static int intQuery(Exchange ex, String name, int min, int max, int dflt) {
        String v = ex.query(name);
        if (v == null) return dflt;
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) return i;
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw ApiError.badRequest("query parameter '" + name + "' must be an integer " + min + ".." + max + ", was '" + Fields.clip(v) + "'");
    }
}
