package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BoxOfficeApiTest extends SiteFixture {
    @Test
    void createsSiteCodeAndJob() throws Exception {
        TestHub.Res r = t.submit(key, site, "order-1", TestHub.payment(1250, "order-1"));

        assertThat(r.status()).isEqualTo(201);
        JsonNode job = r.json();
        assertThat(job.get("state").asText()).isEqualTo("queued");
        assertThat(job.get("type").asText()).isEqualTo("payment");
        assertThat(job.at("/request/amount").asInt()).isEqualTo(1250);
        assertThat(t.get("/api/v1/jobs/" + job.get("id").asText(), key).json()).isEqualTo(job);
        assertThat(t.get("/api/v1/sites/" + site + "/jobs", key).json().get("jobs")).hasSize(1);
        var print = TestHub.JSON.createObjectNode().put("type", "print").put("content_type", "text/plain").put("content", "Ticket 12");
        assertThat(t.submit(key, site, "print-1", print).status()).isEqualTo(201);
    }

    @Test
    void sameIdempotencyKeyReturnsTheSameJob() throws Exception {
        TestHub.Res first = t.submit(key, site, "k-1", TestHub.payment(1250, "A"));
        TestHub.Res again = t.submit(key, site, "k-1", TestHub.payment(1250, "A"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(t.get("/api/v1/sites/" + site + "/jobs", key).json().get("jobs")).hasSize(1);
    }

    @Test
    void sameKeyDifferentBodyIs409() throws Exception {
        t.submit(key, site, "k-2", TestHub.payment(1250, "A"));

        TestHub.Res r = t.submit(key, site, "k-2", TestHub.payment(9999, "A"));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).contains("Idempotency-Key").contains("different request");
    }

    @Test
    void tenConcurrentIdenticalPostsMakeOneJob() throws Exception {
        List<Callable<TestHub.Res>> posts = new ArrayList<>();
        for (int i = 0; i < 10; i++) posts.add(() -> t.submit(key, site, "burst", TestHub.payment(500, "burst")));
        Set<String> ids = new HashSet<>();
        int created = 0;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<TestHub.Res> f : pool.invokeAll(posts)) {
                TestHub.Res r = f.get();
                assertThat(r.status()).isIn(200, 201);
                if (r.status() == 201) created++;
                ids.add(r.json().get("id").asText());
            }
        }
        assertThat(ids).hasSize(1);
        assertThat(created).isEqualTo(1);
        assertThat(t.get("/api/v1/sites/" + site + "/jobs", key).json().get("jobs")).hasSize(1);
    }

    @Test
    void missingIdempotencyKeyIs400() throws Exception {
        TestHub.Res r = t.post("/api/v1/sites/" + site + "/jobs", key, TestHub.payment(1, "x"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).contains("Idempotency-Key");
    }

    @Test
    void oversizedBodyIs413WithClearMessage() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(70_000) + "\"}";

        TestHub.Res r = t.post("/api/v1/sites", key, big);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).contains("limit is 65536 bytes");
    }

    @Test
    void malformedJsonIs400NamingTheProblem() throws Exception {
        TestHub.Res r = t.post("/api/v1/sites", key, "{\"name\": \"x\",,}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).startsWith("malformed JSON at line 1");

        TestHub.Res dup = t.post("/api/v1/sites", key, "{\"name\":\"a\",\"name\":\"b\"}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.error()).contains("Duplicate field 'name'");

        TestHub.Res arr = t.post("/api/v1/sites", key, "[1]");
        assertThat(arr.error()).contains("expected a JSON object");
    }

    @Test
    void invalidJobFieldsAre400NamingTheField() throws Exception {
        var body = TestHub.payment(0, "x");
        assertThat(t.submit(key, site, "v1", body).error()).contains("'amount'").contains("1..");
        body = TestHub.payment(100, "x").put("currency", "zloty");
        assertThat(t.submit(key, site, "v2", body).error()).contains("'currency'");
        body = TestHub.payment(100, "x").put("tip", 5);
        assertThat(t.submit(key, site, "v3", body).error()).contains("unknown field 'tip'");
        body = TestHub.JSON.createObjectNode().put("type", "refund");
        assertThat(t.submit(key, site, "v4", body).error()).contains("'type' must be 'payment' or 'print'");
    }

    @Test
    void siteListShowsLiveStatusWithEachTerminalAndPrinter() throws Exception {
        String token = t.agent(key, site);
        t.post("/agent/v1/status", token, "{\"agent_version\":\"agent 0.2\",\"terminals\":[{\"id\":\"T1\",\"state\":\"idle\"}],"
                + "\"printers\":[{\"name\":\"bar\",\"uri\":\"socket://10.0.0.9:9100\",\"state\":\"failed\",\"reason\":\"out of paper\","
                + "\"printer_state\":\"stopped\",\"printer_reasons\":[\"media-empty\"]}]}");
        try (SseClient s = t.stream("/agent/v1/stream?ping=1", token, null)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !s.named("ping").isEmpty());
            JsonNode listed = t.get("/api/v1/sites", key).json().get("sites").get(0);
            assertThat(listed.get("connected").asBoolean()).isTrue();
            assertThat(listed.get("connection").asText()).isEqualTo("stream");
            assertThat(listed.get("last_ping").isTextual()).isTrue();
            assertThat(listed.get("agent_version").asText()).isEqualTo("agent 0.2");
            assertThat(listed.at("/terminals/0/id").asText()).isEqualTo("T1");
            assertThat(listed.at("/printers/0/name").asText()).isEqualTo("bar");
            assertThat(listed.at("/printers/0/printer_state").asText()).isEqualTo("stopped");
            assertThat(listed.at("/printers/0/printer_reasons/0").asText()).isEqualTo("media-empty");
        }
    }

    @Test
    void activeCurrenciesAndValidDeviceNamesAreAccepted() throws Exception {
        for (String c : new String[] {"EUR", "PLN", "USD", "XOF", "JPY"}) {
            TestHub.Res r = t.submit(key, site, "ok-" + c, TestHub.payment(100, "r \u00e9\ud83d\ude00").put("currency", c).put("terminal", "Till-2.main_1"));
            assertThat(r.status()).as(r.json().toString()).isEqualTo(201);
        }
    }

    @Test
    void openApiListsEveryEndpoint() throws Exception {
        JsonNode doc = t.get("/api/v1/openapi.json", null).json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        Set<String> paths = new HashSet<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/sites", "/api/v1/sites/{site}", "/api/v1/sites/{site}/registration-codes",
                "/api/v1/sites/{site}/documents", "/api/v1/sites/{site}/documents/{doc}", "/agent/v1/documents/{doc}",
                "/api/v1/sites/{site}/jobs", "/api/v1/jobs/{job}", "/api/v1/jobs/{job}/events",
                "/api/v1/jobs/{job}/prompts/{prompt}/answer", "/agent/v1/register", "/agent/v1/stream", "/agent/v1/poll",
                "/agent/v1/status", "/agent/v1/jobs/{job}/ack", "/agent/v1/jobs/{job}/events", "/agent/v1/jobs/{job}/result");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertThat(t.get("/api/v1/nothing", key).status()).isEqualTo(404);
        TestHub.Res r = t.send(HttpRequest.newBuilder(URI.create(t.base + "/api/v1/sites")).DELETE().build());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.raw().headers().firstValue("Allow")).hasValue("GET, POST");
    }

    @Test
    void missingOrWrongApiKeyIs401() throws Exception {
        assertThat(t.get("/api/v1/sites", null).status()).isEqualTo(401);
        assertThat(t.get("/api/v1/sites", "nope").status()).isEqualTo(401);
    }
}
