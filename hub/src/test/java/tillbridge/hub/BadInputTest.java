package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input is refused with a 4xx in the one JSON error shape and creates no job, whichever
 * layer refuses it: the job validator, the router, or Jetty itself.
 */
class BadInputTest extends SiteFixture {
    @AfterEach
    void noJobCreated() throws Exception {
        assertThat(t.get("/api/v1/sites/" + site + "/jobs", key).json().get("jobs")).isEmpty();
    }

    private static void assertRefused(TestHub.Res r, int status) {
        assertThat(r.status()).as(r.json().toString()).isEqualTo(status);
        assertErrorShape(r.json(), r.raw().headers().firstValue("Content-Type").orElse(""));
    }

    private static void assertErrorShape(JsonNode json, String contentType) {
        assertThat(contentType).startsWith("application/json");
        assertThat(json.get("error").asText()).matches("[a-z_]+");
        assertThat(json.get("message").asText()).isNotBlank();
        assertThat(json.size()).isEqualTo(2);
    }

    private TestHub.Res submitWith(Consumer<ObjectNode> change) throws Exception {
        ObjectNode body = TestHub.payment(1250, "order-1");
        change.accept(body);
        return t.submit(key, site, "k1", body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ZZZ", "XXX", "XTS", "XAU", "HRK", "pln", "EU", "EURO", "BOV"})
    void currencyMustBeAnActiveIso4217Code(String currency) throws Exception {
        assertRefused(submitWith(b -> b.put("currency", currency)), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "T 1", "-T1", ".hidden", "T1\n", "", "T/1", "T1;rm", "ß"})
    void terminalNameMustMatchTheGrammar(String name) throws Exception {
        assertRefused(submitWith(b -> b.put("terminal", name)), 400);
    }

    @Test
    void terminalNameLongerThan64IsRefused() throws Exception {
        assertRefused(submitWith(b -> b.put("terminal", "T".repeat(65))), 400);
    }

    @Test
    void printerNameMustMatchTheGrammar() throws Exception {
        ObjectNode print = TestHub.JSON.createObjectNode().put("type", "print").put("content_type", "text/plain")
                .put("content", "line 1\nline 2").put("printer", "../../etc/passwd");
        assertRefused(t.submit(key, site, "p1", print), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order\n1", "order\r1", "order\t1", "order\u00011", "order\u007f", "order\u2028"})
    void referenceMustBeOneLineOfPrintableText(String ref) throws Exception {
        assertRefused(submitWith(b -> b.put("reference", ref)), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order\\ud800", "x\\udc00y", "\\udc00\\ud800"})
    void referenceWithALoneSurrogateIsRefused(String escaped) throws Exception {
        // the escape goes over the wire as JSON text: no encoder on the way can replace it
        String body = "{\"type\":\"payment\",\"amount\":1,\"currency\":\"PLN\",\"reference\":\"" + escaped + "\"}";
        assertRefused(t.post("/api/v1/sites/" + site + "/jobs", key, body, "Idempotency-Key", "k1"), 400);
    }

    @Test
    void referenceIsBounded() throws Exception {
        assertRefused(submitWith(b -> b.put("reference", "r".repeat(65))), 400);
    }

    @Test
    void twoIdempotencyKeysAre400() throws Exception {
        TestHub.Res r = t.post("/api/v1/sites/" + site + "/jobs", key, TestHub.payment(1, "r"), "Idempotency-Key", "a", "Idempotency-Key", "b");
        assertRefused(r, 400);
        assertThat(r.error()).contains("Idempotency-Key");
    }

    @Test
    void idempotencyKeyMustBeVisibleAscii() throws Exception {
        assertRefused(t.submit(key, site, "has space", TestHub.payment(1, "r")), 400);
        String body = "{\"type\":\"payment\",\"amount\":1,\"currency\":\"PLN\",\"reference\":\"r\"}";
        Raw r = raw("POST /api/v1/sites/" + site + "/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nIdempotency-Key: k\u00e4y\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(r.status).as(r.body).isEqualTo(400);
        assertErrorShape(TestHub.JSON.readTree(r.body), r.contentType);
    }

    @Test
    void idempotencyKeyIsBounded() throws Exception {
        assertRefused(t.submit(key, site, "k".repeat(201), TestHub.payment(1, "r")), 400);
    }

    @Test
    void overlongIdsInPathsAre404() throws Exception {
        assertRefused(t.get("/api/v1/jobs/" + "j".repeat(65), key), 404);
        assertRefused(t.submit(key, "s".repeat(65), "k2", TestHub.payment(1, "r")), 404);
    }

    @Test
    void unknownPathAndWrongMethodAreJson() throws Exception {
        assertRefused(t.get("/nothing/here", key), 404);
        assertRefused(t.send(HttpRequest.newBuilder(URI.create(t.base + "/api/v1/sites")).DELETE().build()), 405);
    }

    // ---- Jetty's own refusals, sent over a raw socket (the JDK client refuses to send such URIs)

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/jobs/a%2Fb", "/api/v1/jobs/a%00b", "/api/v1/jobs/%ZZ", "/api/v1/sites/%2e%2e/jobs", "/api/v1/jobs/a%"})
    void undecodableOrAmbiguousPathsAreJson400(String path) throws Exception {
        Raw r = raw("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nIdempotency-Key: raw\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(r.status).as(r.body).isBetween(400, 404);
        assertErrorShape(TestHub.JSON.readTree(r.body), r.contentType);
    }

    @Test
    void headersTooLargeAreJson431() throws Exception {
        Raw r = raw("GET /api/v1/sites HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        assertThat(r.status).isEqualTo(431);
        assertErrorShape(TestHub.JSON.readTree(r.body), r.contentType);
    }

    private record Raw(int status, String contentType, String body) {}

    private Raw raw(String request) throws Exception {
        URI u = URI.create(t.base);
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            String contentType = "";
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) contentType = line.substring(13).trim();
            }
            return new Raw(Integer.parseInt(head.substring(9, 12)), contentType, text.substring(split + 4));
        }
    }
}
