package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud path end to end with real processes: box office (HTTP) → hub → agent (SSE stream) →
 * ecr → frob under tcpserver → terminal-sim, and the result back through the hub. Also
 * registration and the box-office API's refusals.
 */
class CloudPathTest {
    @TempDir
    static Path dir;
    private static Cloud cloud;
    private static String site;
    private static String firstCode;
    private static Path agentDir;
    private static Run registration;

    @BeforeAll
    static void start() throws Exception {
        cloud = new Cloud(dir, List.of("--slow-ms", "8000"), List.of());
        site = cloud.createSite("Main hall");
        firstCode = cloud.registrationCode(site);
        agentDir = cloud.agentDir("agent");
        registration = cloud.register(agentDir, firstCode);
        assertThat(registration.exit()).as(registration.toString()).isZero();
        cloud.startAgent(agentDir);
        cloud.awaitConnected(site);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) cloud.close();
    }

    @Test
    void registrationStoresTheSiteAndTokenOwnerOnly() throws Exception {
        assertThat(registration.out()).contains("registered site " + site);
        Path creds = agentDir.resolve("credentials.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds))).isEqualTo("rw-------");
        String token = Cloud.JSON.readTree(Files.readString(creds)).get("token").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(Programs.read(cloud.agentLog(agentDir))).doesNotContain(token);
        assertThat(registration.err() + registration.out()).doesNotContain(token);
        Run check = Run.of(dir, 60, Programs.command("agent", "config", "check", "--config-dir", agentDir.toString()));
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).contains("hub " + cloud.hubUrl()).contains("terminal T1").contains("registered as site " + site);
        JsonNode s = Cloud.json(cloud.api("GET", "/sites/" + site, null));
        assertThat(s.path("agent_version").asText()).isEqualTo(tillbridge.common.Version.NUMBER);
        assertThat(s.path("terminals").get(0).path("name").asText()).isEqualTo("T1");
    }

    @Test
    void aUsedCodeIsRefused() throws Exception {
        Run again = cloud.register(cloud.agentDir("again"), firstCode);
        assertThat(again.exit()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("HTTP 409").contains("used already");
        assertThat(cloud.agentDir("again").resolve("credentials.json")).doesNotExist();
    }

    @Test
    void anUnknownTokenGets401AndTheAgentSaysToRegisterAgain() throws Exception {
        HttpResponse<String> r = cloud.http.send(HttpRequest.newBuilder(URI.create(cloud.hubUrl() + "/agent/v1/stream"))
                .header("Authorization", "Bearer not-a-token").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("register");

        Path bad = cloud.agentDir("bad-token");
        Files.writeString(bad.resolve("credentials.json"), "{\"site_id\":\"" + site + "\",\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}");
        Files.setPosixFilePermissions(bad.resolve("credentials.json"), PosixFilePermissions.fromString("rw-------"));
        Process p = cloud.startAgent(bad);
        try {
            await().atMost(Cloud.START).until(() -> Programs.read(cloud.agentLog(bad)).contains("HTTP 401"));
            assertThat(Programs.read(cloud.agentLog(bad))).contains("register it again").doesNotContain("AAAAAAAAAAAAAAAAAAAA");
        } finally {
            Programs.stop(p);
        }
    }

    @Test
    void approvedPaymentEndToEnd() throws Exception {
        String id = cloud.pay(site, 1200, "it-approved");
        JsonNode job = cloud.awaitFinal(id, Duration.ofSeconds(60));
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("done");
        JsonNode r = job.path("result");
        assertThat(r.path("outcome").asText()).isEqualTo("approved");
        assertThat(r.path("result_code").asInt()).isZero();
        assertThat(r.path("masked_pan").asText()).matches("\\d{6}\\*{6}\\d{4}");
        assertThat(r.path("amount").asLong()).isEqualTo(1200);
        assertThat(r.has("card_token")).isFalse();
        String events = cloud.events(id);
        assertThat(events).contains("\"kind\":\"payment_started\"").contains("\"kind\":\"payment_sent\"")
                .contains("\"status\":20").contains("\"status\":50").contains("\"state\":\"done\"");
        assertThat(cloud.salesFor(r.path("reference").asText())).isEqualTo(1);
    }

    @Test
    void declinedPaymentEndToEnd() throws Exception {
        JsonNode job = cloud.awaitFinal(cloud.pay(site, 1251, "it-declined"), Duration.ofSeconds(60));
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("failed");
        assertThat(job.path("result").path("outcome").asText()).isEqualTo("declined");
        assertThat(job.path("result").path("result_code").asInt()).isEqualTo(51);
        assertThat(job.path("result").path("message").asText()).contains("insufficient funds");
    }

    @Test
    void paymentAbortedFromTheBoxOfficeEndToEnd() throws Exception {
        String id = cloud.pay(site, 1299, "it-aborted"); // .99: terminal-sim waits --slow-ms before authorising
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(agentDir.resolve("journal.jsonl"))
                .matches("(?s).*\"rec\":\"s1_sent\",\"job\":\"" + id + "\".*"));
        // the prompt goes up once the S1 is out; until the hub has it, answering it is a 404
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cloud.api("POST", "/jobs/" + id + "/prompts/cancel/answer", "{\"answer\":\"cancel\"}").statusCode() == 200);
        JsonNode job = cloud.awaitFinal(id, Duration.ofSeconds(60));
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("failed");
        assertThat(job.path("result").path("outcome").asText()).isEqualTo("aborted");
        assertThat(job.path("result").path("result_code").asInt()).isEqualTo(17);
        assertThat(cloud.events(id)).contains("\"kind\":\"answer\"").contains("\"status\":180");
    }

    @Test
    void theSameIdempotencyKeyTwiceIsOneJobAndOnePayment() throws Exception {
        String body = "{\"type\":\"payment\",\"amount\":700,\"currency\":\"PLN\",\"reference\":\"it-twice\"}";
        HttpResponse<String> first = cloud.api("POST", "/sites/" + site + "/jobs", body, "Idempotency-Key", "it-twice");
        HttpResponse<String> second = cloud.api("POST", "/sites/" + site + "/jobs", body, "Idempotency-Key", "it-twice");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
        String id = Cloud.json(first).get("id").asText();
        assertThat(Cloud.json(second).get("id").asText()).isEqualTo(id);
        JsonNode job = cloud.awaitFinal(id, Duration.ofSeconds(60));
        assertThat(job.path("state").asText()).isEqualTo("done");
        assertThat(cloud.salesFor(job.path("result").path("reference").asText())).isEqualTo(1);
        long jobs = 0;
        for (JsonNode j : Cloud.json(cloud.api("GET", "/sites/" + site + "/jobs?limit=1000", null)).path("jobs")) {
            if (j.path("request").path("reference").asText().equals("it-twice")) jobs++;
        }
        assertThat(jobs).isEqualTo(1);
    }

    @Test
    void malformedOrOversizedJsonIs400WithAClearMessage() throws Exception {
        HttpResponse<String> malformed = cloud.api("POST", "/sites/" + site + "/jobs", "{\"type\":\"payment\",", "Idempotency-Key", "it-bad-1");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Cloud.json(malformed).path("message").asText()).containsIgnoringCase("json").contains("line");

        String longRef = "r".repeat(65);
        HttpResponse<String> bigField = cloud.api("POST", "/sites/" + site + "/jobs",
                "{\"type\":\"payment\",\"amount\":100,\"currency\":\"PLN\",\"reference\":\"" + longRef + "\"}", "Idempotency-Key", "it-bad-2");
        assertThat(bigField.statusCode()).isEqualTo(400);
        assertThat(Cloud.json(bigField).path("message").asText()).contains("reference").contains("64");

        HttpResponse<String> bigPrint = cloud.api("POST", "/sites/" + site + "/jobs",
                "{\"type\":\"print\",\"content_type\":\"text/plain\",\"content\":\"" + "x".repeat(60_001) + "\"}", "Idempotency-Key", "it-bad-3");
        assertThat(bigPrint.statusCode()).isEqualTo(400);
        assertThat(Cloud.json(bigPrint).path("message").asText()).contains("content").contains("60000");

        // a body over the hub's 64 KiB limit is refused before it is parsed: 413, naming the limit
        HttpResponse<String> bigBody = cloud.api("POST", "/sites/" + site + "/jobs",
                "{\"type\":\"print\",\"content\":\"" + "x".repeat(70_000) + "\"}", "Idempotency-Key", "it-bad-4");
        assertThat(bigBody.statusCode()).isEqualTo(413);
        assertThat(Cloud.json(bigBody).path("message").asText()).contains("65536");
    }

    @Test
    void aPrintJobToAnAgentWithoutPrintersFailsSayingSo() throws Exception {
        HttpResponse<String> r = cloud.api("POST", "/sites/" + site + "/jobs",
                "{\"type\":\"print\",\"content_type\":\"text/plain\",\"content\":\"Row 4 seat 12\"}", "Idempotency-Key", "it-print");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode job = cloud.awaitFinal(Cloud.json(r).get("id").asText(), Duration.ofSeconds(60));
        assertThat(job.path("state").asText()).isEqualTo("failed");
        assertThat(job.path("result").path("message").asText()).isEqualTo("no printer is configured in agent.json; nothing was sent");
    }
}
