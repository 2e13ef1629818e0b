package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Print documents up to 16 MiB: uploaded by the box office, fetched by the site's agent only. */
class PrintDocumentsTest extends RegisteredAgentFixture {
    /** Three chunks' worth and a bit, so the chunked store and stream are exercised. */
    static byte[] pdf() {
        byte[] b = new byte[800_000];
        new Random(7).nextBytes(b);
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 9);
        return b;
    }

    @Test
    void anUploadedPdfReachesTheSitesAgentByteForByte() throws Exception {
        byte[] pdf = pdf();
        TestHub.Res up = t.upload(key, site, "application/pdf", pdf);
        assertThat(up.status()).isEqualTo(201);
        String doc = up.json().get("id").asText();
        assertThat(up.json().get("bytes").asLong()).isEqualTo(pdf.length);
        assertThat(t.submit(key, site, "ticket-1", TestHub.printOf(doc)).status()).isEqualTo(201);

        HttpResponse<byte[]> got = t.http.send(t.request("/agent/v1/documents/" + doc, token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(got.body()).isEqualTo(pdf);
        assertThat(got.headers().firstValue("X-Content-SHA256")).hasValue(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)));
    }

    @Test
    void theSameBytesUploadedAgainAreTheSameDocumentSoARetriedSubmitIsReplayed() throws Exception {
        String first = t.upload(key, site, "application/octet-stream", pdf()).json().get("id").asText();
        TestHub.Res again = t.upload(key, site, "application/octet-stream", pdf());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asText()).isEqualTo(first);
        String job = t.submit(key, site, "k", TestHub.printOf(first)).json().get("id").asText();
        TestHub.Res replay = t.submit(key, site, "k", TestHub.printOf(again.json().get("id").asText()));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("id").asText()).isEqualTo(job);
    }

    @Test
    void anotherSitesAgentGets404ForTheDocument() throws Exception {
        String doc = t.upload(key, site, "application/pdf", pdf()).json().get("id").asText();
        String otherTenant = t.tenant("other-co");
        String otherToken = t.agent(otherTenant, t.site(otherTenant, "Other hall"));
        String sameTenantToken = t.agent(key, t.site(key, "Second hall"));

        assertThat(t.get("/agent/v1/documents/" + doc, otherToken).status()).isEqualTo(404);
        assertThat(t.get("/agent/v1/documents/" + doc, sameTenantToken).status()).isEqualTo(404);
        assertThat(t.get("/api/v1/sites/" + site + "/documents/" + doc, otherTenant).status()).isEqualTo(404);
        assertThat(t.get("/api/v1/sites/" + site + "/documents/" + doc, key).status()).isEqualTo(200);
    }

    @Test
    void aPrintJobMayOnlyNameADocumentOfItsOwnSite() throws Exception {
        String doc = t.upload(key, site, "application/pdf", pdf()).json().get("id").asText();
        String second = t.site(key, "Second hall");
        TestHub.Res r = t.submit(key, second, "k", TestHub.printOf(doc));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).contains("no document '" + doc + "' was uploaded to site " + second);
    }

    @Test
    void aDocumentJobTakesNoInlineContent() throws Exception {
        String doc = t.upload(key, site, "application/pdf", pdf()).json().get("id").asText();
        TestHub.Res r = t.submit(key, site, "k", TestHub.printOf(doc).put("content", "x"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).contains("field 'content' does not go with 'document'");
    }

    @Test
    void plainTextIsNoDocumentAndStaysLimitedTo60000Characters() throws Exception {
        TestHub.Res up = t.upload(key, site, "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(up.status()).isEqualTo(415);
        assertThat(up.error()).contains("plain text goes in a print job's 'content'");
        var tooLong = TestHub.JSON.createObjectNode().put("type", "print").put("content_type", "text/plain").put("content", "x".repeat(60_001));
        assertThat(t.submit(key, site, "k", tooLong).error()).contains("field 'content' must have 1..60000 characters");
    }

    @Test
    void anEmptyDocumentIs400() throws Exception {
        TestHub.Res up = t.upload(key, site, "application/pdf", new byte[0]);
        assertThat(up.status()).isEqualTo(400);
        assertThat(up.error()).isEqualTo("the document is empty");
    }

    @Test
    void aDocumentDeclaredLargerThan16MiBIs413BeforeItsBodyIsRead() throws Exception {
        URI u = URI.create(t.base);
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/sites/" + site + "/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/pdf\r\nContent-Length: " + (16 * 1024 * 1024 + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
            String line;
            StringBuilder rest = new StringBuilder();
            while ((line = in.readLine()) != null) rest.append(line).append('\n');
            assertThat(rest).contains("the limit is 16777216 bytes");
        }
    }

    @Test
    void aDocumentOfExactly16MiBIsTaken() throws Exception {
        byte[] big = new byte[16 * 1024 * 1024];
        big[0] = 1;
        TestHub.Res up = t.upload(key, site, "application/octet-stream", big);
        assertThat(up.status()).isEqualTo(201);
        assertThat(up.json().get("bytes").asLong()).isEqualTo(big.length);
    }
}
