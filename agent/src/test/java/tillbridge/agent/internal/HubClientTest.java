package tillbridge.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tillbridge.agent.internal.HubClient.HubException;
import tillbridge.common.testing.LowPorts;

class HubClientTest {
    @Test
    @Timeout(10) // without the bound, openStream waits for ever
    void aHubThatAcceptsTheStreamButNeverAnswersIsGivenUpOn() throws Exception {
        try (ServerSocket silent = LowPorts.loopback(5)) {
            Thread.ofVirtual().start(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().readAllBytes(); // reads the request, never answers
                } catch (java.io.IOException ignored) {
                    // the client gave up: what the test wants
                }
            });
            HubClient client = new HubClient(URI.create("http://127.0.0.1:" + silent.getLocalPort()), "t",
                    HubClient.http(Optional.empty()), Duration.ofMillis(500));
            assertThatThrownBy(() -> client.openStream(30, -1))
                    .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isZero())
                    .hasMessage("stream: no answer within 500 ms");
        }
    }

    @Test
    @Timeout(10)
    void aDocumentIsFetchedWithItsContentTypeAndCheckedAgainstItsHash() throws Exception {
        byte[] pdf = "%PDF-1.7 ticket".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pdf));
        try (FakeHub hub = new FakeHub()) {
            hub.document("doc_ok", "application/pdf", pdf, sha);
            hub.document("doc_bad", "application/pdf", pdf, sha.replace('a', 'b').replace('0', '1'));
            HubClient client = new HubClient(hub.base(), "t", HubClient.http(Optional.empty()));
            tillbridge.agent.print.Document d = client.document("doc_ok");
            assertThat(d.kind()).isEqualTo(tillbridge.agent.print.Document.Kind.PDF);
            assertThat(d.text()).isEqualTo("%PDF-1.7 ticket");
            assertThatThrownBy(() -> client.document("doc_bad")).hasMessageContaining("does not match its X-Content-SHA256");
            assertThatThrownBy(() -> client.document("doc_none")).isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void aHubThatIsNotListeningIsReportedAsRefused() throws Exception {
        HubClient client = new HubClient(URI.create("http://127.0.0.1:" + LowPorts.free()), "t", HubClient.http(Optional.empty()));
        assertThatThrownBy(() -> client.openStream(30, -1)).isInstanceOf(HubException.class).hasMessageStartingWith("stream: connection refused");
    }

    @Test
    void registrationWithAHubThatIsNotListeningSaysItCannotReachTheHub() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + LowPorts.free());
        assertThatThrownBy(() -> HubClient.register(HubClient.http(Optional.empty()), base, "7K2MA-Q9XRT", "0.1.0"))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isZero())
                .hasMessage("cannot reach the hub at " + base + ": connection refused");
    }

    /** What the JDK throws for a self-signed hub: said in words, with the option that fixes it. */
    @Test
    void anUntrustedCertificateSaysHowToTrustIt() {
        var handshake = new javax.net.ssl.SSLHandshakeException("PKIX path building failed: sun.security.provider.certpath."
                + "SunCertPathBuilderException: unable to find valid certification path to requested target");
        handshake.initCause(new java.security.cert.CertificateException("PKIX path building failed",
                new java.security.cert.CertPathBuilderException("unable to find valid certification path to requested target")));
        String m = HubClient.unreachable(URI.create("https://hub.example.com"), handshake);
        assertThat(m).isEqualTo("cannot reach the hub at https://hub.example.com: the hub's certificate is not trusted "
                + "(use --trust-store FILE to trust the hub's certificate)");
    }

    @Test
    void failuresAreDescribedWithoutJavaClassNames() {
        assertThat(HubClient.describe(new java.io.IOException(new java.net.ConnectException()))).isEqualTo("connection refused");
        assertThat(HubClient.describe(new java.net.ConnectException("No route to host"))).isEqualTo("no route to host");
        assertThat(HubClient.describe(new java.io.EOFException())).isEqualTo("connection failed");
        assertThat(HubClient.describe(new java.io.IOException("HTTP/1.1 header parser received no bytes"))).doesNotContain("Exception");
    }

    @Test
    void aProxyRefusingTheTunnelIsSaidWithWhatToCheck() {
        assertThat(HubClient.describe(new java.io.IOException("Tunnel failed, got: 407")))
                .isEqualTo("the proxy refused to open a tunnel to the hub (HTTP 407) (the proxy wants other credentials: set proxy in agent.json,"
                        + " or --proxy, to http://user:password@host:port)");
        assertThat(HubClient.describe(new java.io.IOException("Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 403 Forbidden\"")))
                .startsWith("the proxy refused to open a tunnel to the hub (HTTP 403) (the proxy does not allow this destination");
    }

    @Test
    void aHubThatIsOverloadedSaysWhenToComeBackInSeconds() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            HubClient client = new HubClient(hub.base(), "t", HubClient.http(Optional.empty()));
            hub.overloaded("/agent/v1/poll", "7");
            assertThatThrownBy(() -> client.poll(-1, Duration.ofSeconds(5))).isInstanceOfSatisfying(HubException.class,
                    e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
            hub.overloaded("/agent/v1/poll", "999999999");
            assertThatThrownBy(() -> client.poll(-1, Duration.ofSeconds(5))).isInstanceOfSatisfying(HubException.class,
                    e -> assertThat(e.retryAfter()).as("bounded").contains(HubClient.RETRY_AFTER_MAX));
            hub.overloaded("/agent/v1/poll", "Wed, 21 Oct 2026 07:28:00 GMT");
            assertThatThrownBy(() -> client.poll(-1, Duration.ofSeconds(5))).isInstanceOfSatisfying(HubException.class,
                    e -> assertThat(e.retryAfter()).as("the date form is not what the hub sends").isEmpty());
        }
    }
}
