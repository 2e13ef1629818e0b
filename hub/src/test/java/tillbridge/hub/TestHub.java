package tillbridge.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import tillbridge.common.testing.LowPorts;
import tillbridge.hub.internal.Db;
import tillbridge.hub.internal.TenantStore;

/**
 * A hub started in process on a loopback port below 32768 (outside the ephemeral range), with
 * an H2 file store in {@code dir}, and a JDK HttpClient to talk to it.
 */
final class TestHub implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final Path dir;
    final TestClock clock;
    final Hub hub;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    private final HubConfig config;

    private TestHub(Path dir, TestClock clock, HubConfig config, Hub hub) {
        this.dir = dir;
        this.clock = clock;
        this.config = config;
        this.hub = hub;
        this.base = hub.url();
    }

    /** Test timings: pings down to 1 s, long poll answers empty after 1 s. */
    static Timings fastTimings() {
        return Timings.defaults().withPingMin(Duration.ofSeconds(1)).withPollTimeout(Duration.ofSeconds(1));
    }

    static TestHub start(Path dir) throws Exception {
        return start(dir, c -> c);
    }

    static TestHub start(Path dir, UnaryOperator<HubConfig> adjust) throws Exception {
        TestClock clock = new TestClock();
        HubConfig cfg = adjust.apply(HubConfig.local(0, dir).withTimings(fastTimings()).withClock(clock));
        return startOn(dir, clock, cfg);
    }

    /** Same data directory and settings, new process-equivalent (used after {@link #close()}). */
    TestHub restart() throws Exception {
        return startOn(dir, clock, config);
    }

    private static TestHub startOn(Path dir, TestClock clock, HubConfig cfg) throws Exception {
        return new TestHub(dir, clock, cfg, LowPorts.bind(port -> Hub.start(cfg.withListen(cfg.host(), port, cfg.insecureHttp()))));
    }

    /** A new tenant's API key, made as `hub tenant create` does (same store, while the hub runs). */
    String tenant(String name) {
        try (Db db = Db.open(config.db(), 2)) {
            return new TenantStore(db, clock).create(name).apiKey();
        }
    }

    // ---- HTTP helpers

    record Res(int status, JsonNode json, HttpResponse<String> raw) {
        /** The error's message (the human-readable half of {"error": code, "message": text}). */
        String error() {
            return json.path("message").asText();
        }
    }

    Res get(String path, String bearer) throws Exception {
        return send(request(path, bearer).GET().build());
    }

    Res post(String path, String bearer, Object body, String... headers) throws Exception {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder b = request(path, bearer).POST(HttpRequest.BodyPublishers.ofString(text))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b.build());
    }

    HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return b;
    }

    Res send(HttpRequest r) throws Exception {
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        JsonNode n = res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
        return new Res(res.statusCode(), n, res);
    }

    /** The Prometheus text of {@code url}/metrics. */
    HttpResponse<String> metrics(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- scenario helpers

    String site(String apiKey, String name) throws Exception {
        Res r = post("/api/v1/sites", apiKey, JSON.createObjectNode().put("name", name));
        if (r.status != 201) throw new AssertionError("create site: " + r.status + " " + r.json);
        return r.json.get("id").asText();
    }

    String code(String apiKey, String site) throws Exception {
        Res r = post("/api/v1/sites/" + site + "/registration-codes", apiKey, "");
        if (r.status != 201) throw new AssertionError("code: " + r.status + " " + r.json);
        return r.json.get("code").asText();
    }

    /** Registers an agent for the site; returns its token. */
    String agent(String apiKey, String site) throws Exception {
        Res r = post("/agent/v1/register", null, JSON.createObjectNode().put("code", code(apiKey, site)).put("agent_version", "test-1"));
        if (r.status != 200) throw new AssertionError("register: " + r.status + " " + r.json);
        return r.json.get("token").asText();
    }

    static ObjectNode payment(int amount, String ref) {
        return JSON.createObjectNode().put("type", "payment").put("amount", amount).put("currency", "PLN").put("reference", ref);
    }

    Res submit(String apiKey, String site, String key, ObjectNode body) throws Exception {
        return post("/api/v1/sites/" + site + "/jobs", apiKey, body, "Idempotency-Key", key);
    }

    String job(String apiKey, String site, String key) throws Exception {
        Res r = submit(apiKey, site, key, payment(1250, key));
        if (r.status != 201) throw new AssertionError("submit: " + r.status + " " + r.json);
        return r.json.get("id").asText();
    }

    /** Uploads a print document to the site. */
    Res upload(String apiKey, String site, String contentType, byte[] content) throws Exception {
        return send(request("/api/v1/sites/" + site + "/documents", apiKey).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    }

    /** A print job of an uploaded document. */
    static ObjectNode printOf(String document) {
        return JSON.createObjectNode().put("type", "print").put("document", document);
    }

    SseClient stream(String path, String bearer, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream");
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        return SseClient.open(http, b.GET().build());
    }

    @Override
    public void close() {
        hub.close();
    }
}
