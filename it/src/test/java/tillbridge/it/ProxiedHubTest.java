package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

/**
 * A venue whose network lets nothing out but an HTTP proxy: the hub serves HTTPS with its own
 * certificate, and the agent reaches it only through a real tinyproxy that asks for Basic
 * credentials and opens CONNECT tunnels.
 */
class ProxiedHubTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static final List<Process> processes = new ArrayList<>();
    private static SelfSigned cert;
    private static HttpClient https;
    private static String hubUrl;
    private static String apiKey;
    /** tinyproxy with Basic credentials {@code till:s3cret}, keeping idle tunnels 10 min. */
    private static int proxyPort;

    @BeforeAll
    static void start() throws Exception {
        cert = SelfSigned.make(dir, "hub", "hub.tillbridge.test");
        https = HttpClient.newBuilder().sslContext(trusting(cert.pem())).connectTimeout(Duration.ofSeconds(5)).build();
        int hubPort = LowPorts.free();
        hubUrl = "https://127.0.0.1:" + hubPort;
        Path data = dir.resolve("hub-data");
        Run tenant = Run.of(dir, 60, Programs.command("hub", "tenant", "create", "proxied venue", "--data", data.toString()));
        assertThat(tenant.exit()).as(tenant.toString()).isZero();
        apiKey = tenant.out().strip();
        Path password = dir.resolve("tls-password");
        Files.writeString(password, SelfSigned.PASSWORD + "\n");
        processes.add(Programs.start(dir.resolve("hub.log"), Programs.command("hub", "serve", "--listen", "127.0.0.1:" + hubPort,
                "--data", data.toString(), "--tls-keystore", cert.keyStore().toString(), "--tls-password-file", password.toString())));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> call("GET", "/healthz", null).statusCode() == 200);
        proxyPort = tinyproxy("proxy", 600, hubPort);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : processes) Programs.stop(p);
    }

    @Test
    void anAgentRegistersAndConnectsThroughAProxyThatAsksForCredentials() throws Exception {
        String site = site("through the proxy");
        Path agent = dir.resolve("agent-proxied");
        Run r = register(agent, code(site), "--trust-store", cert.pem().toString(), "--proxy", "http://till:s3cret@127.0.0.1:" + proxyPort);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readString(agent.resolve("agent.json"))).contains("\"proxy\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.resolve("agent.json")))).isEqualTo("rw-------");

        Path log = run(agent);
        awaitConnected(site, log);
        assertThat(Programs.read(log)).contains("through proxy http://till:***@127.0.0.1:" + proxyPort).doesNotContain("s3cret");
        assertThat(Programs.read(dir.resolve("proxy.log"))).contains("CONNECT").contains("127.0.0.1:" + hubUrl.substring(hubUrl.lastIndexOf(':') + 1));
    }

    @Test
    void wrongProxyCredentialsAreSaidWithTheirFix() throws Exception {
        Run r = register(dir.resolve("agent-wrong-password"), code(site("wrong password")), "--trust-store", cert.pem().toString(),
                "--proxy", "http://till:wrong@127.0.0.1:" + proxyPort);
        assertThat(r.exit()).as(r.toString()).isEqualTo(111);
        assertThat(r.err()).contains("the proxy refused to open a tunnel to the hub").contains("http://user:password@host:port")
                .doesNotContain("wrong@");
    }

    @Test
    void aHubCertificateTheAgentDoesNotTrustIsNamedWithItsIssuer() throws Exception {
        Run r = register(dir.resolve("agent-untrusted"), code(site("untrusted")), "--proxy", "http://till:s3cret@127.0.0.1:" + proxyPort);
        assertThat(r.exit()).as(r.toString()).isEqualTo(111);
        assertThat(r.err()).contains("issued by CN=hub.tillbridge.test").contains("--trust-store");
    }

    @Test
    void aProxyThatClosesIdleTunnelsSoonerThanThePingsComeMakesTheAgentPingMoreOften() throws Exception {
        int hubPort = Integer.parseInt(hubUrl.substring(hubUrl.lastIndexOf(':') + 1));
        int impatient = tinyproxy("impatient-proxy", 12, hubPort);
        String site = site("impatient proxy");
        Path agent = dir.resolve("agent-impatient");
        Run r = register(agent, code(site), "--trust-store", cert.pem().toString(), "--proxy", "http://till:s3cret@127.0.0.1:" + impatient);
        assertThat(r.exit()).as(r.toString()).isZero();
        Files.writeString(agent.resolve("agent.json"), Files.readString(agent.resolve("agent.json")).replace("\"ping_seconds\" : 120", "\"ping_seconds\" : 30"));
        Path log = run(agent);
        awaitConnected(site, log);
        // two cuts after 12 s idle each, then pings every 5 or 6 s (half the idle time seen) keep the tunnel open
        await().atMost(Duration.ofSeconds(90)).until(() -> Programs.read(log).contains("ping period shortened"));
        // the agent counts from its own "connected", a moment after the proxy starts counting
        assertThat(Programs.read(log)).containsPattern("about 1[12] s without traffic").containsPattern("pinging every [56] s instead of 30 s");
        await().atMost(Duration.ofSeconds(60)).until(() -> Programs.read(log).lines().reduce((a, b) -> b).orElse("").contains("connected"));
        long cutsBefore = count(Programs.read(log), "hub connection (stream) ended");
        Thread.sleep(Duration.ofSeconds(20)); // longer than the proxy's idle limit: the faster pings must hold the tunnel
        assertThat(count(Programs.read(log), "hub connection (stream) ended")).isEqualTo(cutsBefore);
        assertThat(connected(site)).isTrue();
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    /** Starts tinyproxy on a free port: CONNECT to the hub's port only, Basic credentials, idle limit {@code timeoutSeconds}. */
    private static int tinyproxy(String name, int timeoutSeconds, int hubPort) throws Exception {
        int port = LowPorts.free();
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, String.join("\n",
                "Port " + port, "Listen 127.0.0.1", "Timeout " + timeoutSeconds, "Allow 127.0.0.1", "ConnectPort " + hubPort,
                "BasicAuth till s3cret", "MaxClients 50", "LogLevel Connect", "LogFile \"" + dir.resolve(name + ".log") + "\"", ""));
        processes.add(Programs.start(dir.resolve(name + ".stderr"), List.of("tinyproxy", "-d", "-c", conf.toString())));
        Programs.awaitListening(port);
        return port;
    }

    private static Run register(Path agentDir, String code, String... extra) throws Exception {
        List<String> c = new ArrayList<>(Programs.command("agent", "register", "--hub", hubUrl, "--code", code, "--config-dir", agentDir.toString()));
        c.addAll(List.of(extra));
        return Run.of(dir, 60, c);
    }

    private static Path run(Path agentDir) throws Exception {
        Path log = agentDir.resolveSibling(agentDir.getFileName() + ".log");
        processes.add(Programs.start(log, Programs.command("agent", "run", "--config-dir", agentDir.toString())));
        return log;
    }

    private static void awaitConnected(String site, Path log) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().alias(Programs.read(log)).until(() -> connected(site));
    }

    private static boolean connected(String site) throws Exception {
        return JSON.readTree(call("GET", "/api/v1/sites/" + site, null).body()).path("connected").asBoolean();
    }

    private static String site(String name) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/sites", "{\"name\":\"" + name + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private static String code(String site) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/sites/" + site + "/registration-codes", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode n = JSON.readTree(r.body());
        return n.get("code").asText();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hubUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("hub", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
