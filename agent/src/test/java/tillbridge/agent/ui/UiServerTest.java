package tillbridge.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

class UiServerTest {
    @TempDir
    Path dir;
    final UiStatus status = new UiStatus(Clock.systemUTC(), "1.2.3");
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    UiSecret secret;
    UiServer ui;
    String base;

    @BeforeEach
    void start() throws Exception {
        secret = UiSecret.loadOrCreate(dir);
        ui = UiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), LowPorts.free()), status, secret);
        base = "http://127.0.0.1:" + ui.address().getPort();
    }

    @AfterEach
    void stop() {
        ui.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> register(String body, String... headers) throws Exception {
        return post("/register", body, headers);
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageCarriesTheSecretAndItsAssetsComeFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("content=\"" + secret.value() + "\"").contains("/app.js").doesNotContain("src=\"http", "href=\"http");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
        assertThat(get("/app.js").body()).contains("EventSource");
        assertThat(get("/app.css").statusCode()).isEqualTo(200);
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void statusIsJson() throws Exception {
        status.connected("stream");
        HttpResponse<String> r = get("/status");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.body()).contains("\"light\":\"green\"", "\"version\":\"1.2.3\"");
    }

    @Test
    void registrationWithoutTheSecretOrFromAnotherOriginIsRefusedAndWithItReachesTheRegistrar() throws Exception {
        AtomicReference<String> asked = new AtomicReference<>();
        ui.offerRegistration((hub, code) -> {
            asked.set(hub + " " + code);
            return "site-1";
        });
        String body = "{\"hub\": \"http://127.0.0.1:1\", \"code\": \"ABC\"}";
        assertThat(register(body).statusCode()).isEqualTo(403);
        assertThat(register(body, UiSecret.HEADER, secret.value(), "Origin", "https://evil.example.com").statusCode()).isEqualTo(403);
        assertThat(asked.get()).isNull();
        HttpResponse<String> ok = register(body, UiSecret.HEADER, secret.value(), "Origin", base);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("site-1");
        assertThat(asked.get()).isEqualTo("http://127.0.0.1:1 ABC");
        assertThat(status.snapshot().path("registered").asBoolean()).isTrue();
        assertThat(register(body, UiSecret.HEADER, secret.value()).statusCode()).isEqualTo(409);
    }

    @Test
    void aRefusedRegistrationIsExplained() throws Exception {
        ui.offerRegistration((hub, code) -> {
            throw new IllegalStateException("registration refused by http://127.0.0.1:1: code unknown");
        });
        HttpResponse<String> r = register("{\"hub\": \"http://127.0.0.1:1\", \"code\": \"ABC\"}", UiSecret.HEADER, secret.value());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).isEqualTo("registration refused by http://127.0.0.1:1: code unknown");
        assertThat(status.snapshot().path("registered").asBoolean()).isFalse();
    }

    @Test
    void aRequestNamingAnotherHostIsRefused() throws Exception {
        // what a page of another site sees after pointing its DNS name at 127.0.0.1
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ui.address().getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /status HTTP/1.1\r\nHost: evil.example.com:%d\r\nConnection: close\r\n\r\n"
                    .formatted(ui.address().getPort()).getBytes(StandardCharsets.US_ASCII));
            String first = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(first).isEqualTo("HTTP/1.1 403 Forbidden");
        }
    }

    @Test
    void eventsSendTheStatusAtOnceAndAgainOnEveryChange() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/events")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("event: status");
            assertThat(in.readLine()).startsWith("data: ").contains("\"headline\":\"starting\"");
            assertThat(in.readLine()).isEmpty();
            status.connected("stream");
            assertThat(in.readLine()).isEqualTo("event: status");
            assertThat(in.readLine()).contains("\"light\":\"green\"");
        }
    }

    @Test
    void onlyAFewPagesMayFollowTheStatusAtOnce() throws Exception {
        java.util.List<InputStream> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < UiServer.MAX_STREAMS; i++) {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/events")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(r.statusCode()).isEqualTo(200);
                open.add(r.body());
            }
            assertThat(get("/events").statusCode()).isEqualTo(503);
            open.removeFirst().close();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                // the freed place is noticed at the next write to the closed stream
                status.pinged();
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/events")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() == 200) open.add(r.body());
                else r.body().close();
                return r.statusCode() == 200;
            });
        } finally {
            for (InputStream in : open) in.close();
        }
    }

    /** A set-up that refuses every change the way AgentConfig would, and records the rest. */
    final class RecordingSetup implements UiServer.Setup {
        final java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public com.fasterxml.jackson.databind.JsonNode config() {
            return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("ping_seconds", 60);
        }

        @Override
        public String change(com.fasterxml.jackson.databind.JsonNode change) throws tillbridge.agent.AgentConfig.Invalid {
            throw new tillbridge.agent.AgentConfig.Invalid(Path.of("agent.json"), java.util.List.of("ping_seconds: needs a whole number 5..300, was '1'"));
        }

        @Override
        public String testPrint(String printer) {
            calls.add("print " + printer);
            return "local-print-1";
        }

        @Override
        public String testPayment(String terminal, long amount, String currency) {
            calls.add("pay " + terminal + " " + amount + " " + currency);
            return "local-pay-1";
        }

        @Override
        public void answer(String job, String prompt, String answer) {
            calls.add("answer " + job + " " + prompt + " " + answer);
        }
    }

    @Test
    void setUpIsOfferedOnlyOnceTheAgentRunsAndEveryChangeNeedsTheSecret() throws Exception {
        assertThat(get("/config").statusCode()).isEqualTo(409);
        RecordingSetup setup = new RecordingSetup();
        ui.offerSetup(setup);
        assertThat(get("/config").body()).isEqualTo("{\"ping_seconds\":60}");
        for (String path : java.util.List.of("/config", "/test/print", "/test/payment", "/answer")) {
            assertThat(post(path, "{}").statusCode()).as(path).isEqualTo(403);
        }
        assertThat(setup.calls).isEmpty();
    }

    @Test
    void aRefusedChangeSaysWhyAndTestJobsAndAnswersReachTheAgent() throws Exception {
        RecordingSetup setup = new RecordingSetup();
        ui.offerSetup(setup);
        HttpResponse<String> refused = post("/config", "{\"set\": {\"ping_seconds\": 1}}", UiSecret.HEADER, secret.value());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("\"problems\":[\"ping_seconds: needs a whole number 5..300, was '1'\"]");
        assertThat(post("/test/print", "{\"printer\": \"bar\"}", UiSecret.HEADER, secret.value()).body()).contains("\"job\":\"local-print-1\"");
        assertThat(post("/test/payment", "{\"terminal\": \"T1\", \"amount\": 1, \"currency\": \"PLN\"}", UiSecret.HEADER, secret.value()).statusCode())
                .isEqualTo(202);
        assertThat(post("/test/print", "{}", UiSecret.HEADER, secret.value()).body()).contains("printer: required");
        assertThat(post("/answer", "{\"job\": \"job_1\", \"prompt\": \"console-1\", \"answer\": \"yes\"}", UiSecret.HEADER, secret.value())
                .statusCode()).isEqualTo(202);
        assertThat(setup.calls).containsExactly("print bar", "pay T1 1 PLN", "answer job_1 console-1 yes");
    }
}
