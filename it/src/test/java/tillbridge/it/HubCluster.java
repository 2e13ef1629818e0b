package tillbridge.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tillbridge.common.testing.LowPorts;
import tillbridge.common.testing.ScratchPostgres;

/**
 * Several {@code hub serve} processes on one scratch PostgreSQL database, behind HAProxy (health
 * checks on /healthz, the SSE-friendly timeouts of docs/operations.md). Agents reach the hub
 * through HAProxy; box-office calls may go to any node directly.
 */
final class HubCluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration START = Duration.ofSeconds(90);

    final Path dir;
    final ScratchPostgres db;
    final String apiKey;
    final int lbPort;
    final int[] ports;
    private final Process[] nodes;
    private Process haproxy;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    HubCluster(Path dir, ScratchPostgres db, int size) throws Exception {
        this.dir = dir;
        this.db = db;
        this.ports = new int[size];
        this.nodes = new Process[size];
        this.lbPort = LowPorts.free();
        try {
            Run tenant = Run.of(dir, 90, Programs.command("hub", "tenant", "create", "IT cluster", "--db", db.hubUrl()));
            if (tenant.exit() != 0) throw new AssertionError("hub tenant create: " + tenant);
            apiKey = tenant.out().strip();
            for (int i = 0; i < size; i++) {
                ports[i] = LowPorts.free();
                start(i);
            }
            for (int i = 0; i < size; i++) awaitHealthy(i);
            startHaproxy();
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    String node(int i) {
        return "http://127.0.0.1:" + ports[i];
    }

    String lb() {
        return "http://127.0.0.1:" + lbPort;
    }

    private void start(int i) throws IOException {
        nodes[i] = Programs.start(dir.resolve("hub-" + i + ".log"), Programs.command("hub", "serve", "--listen", "127.0.0.1:" + ports[i],
                "--db", db.hubUrl(), "--node", "n" + i, "--db-pool", "4", "--ping-min", "1"));
    }

    void awaitHealthy(int i) {
        await().atMost(START).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(node(i) + "/healthz").statusCode() == 200);
    }

    /** SIGKILL: no graceful stop; the kernel closes its connections. */
    void kill(int i) throws InterruptedException {
        nodes[i].destroyForcibly().waitFor();
    }

    private void startHaproxy() throws IOException {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < ports.length; i++) {
            servers.append("    server n").append(i).append(" 127.0.0.1:").append(ports[i]).append(" check inter 1s fall 2 rise 1\n");
        }
        String cfg = Files.readString(Programs.HOME.resolve("docs/haproxy-hub.cfg"))
                .replace("127.0.0.1:8080 # frontend", "127.0.0.1:" + lbPort)
                .replaceAll("(?m)^    server .*\\R", "")
                .replace("    # servers\n", servers.toString());
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        haproxy = Programs.start(dir.resolve("haproxy.log"), List.of("haproxy", "-db", "-f", file.toString()));
        await().atMost(START).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(lb() + "/healthz").statusCode() == 200);
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A box-office call to {@code base} (a node or the load balancer). */
    HttpResponse<String> api(String base, String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String site(String name) throws Exception {
        HttpResponse<String> r = api(node(0), "POST", "/sites", "{\"name\":\"" + name + "\"}");
        if (r.statusCode() != 201) throw new AssertionError("create site: " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** Registers an agent for the site through the load balancer; returns its token. */
    String register(String site) throws Exception {
        HttpResponse<String> c = api(node(0), "POST", "/sites/" + site + "/registration-codes", null);
        if (c.statusCode() != 201) throw new AssertionError("code: " + c.statusCode() + " " + c.body());
        String code = JSON.readTree(c.body()).get("code").asText();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(lb() + "/agent/v1/register")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"agent_version\":\"it\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("register: " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body()).get("token").asText();
    }

    /** Submits a payment job on node {@code i}; returns its id. */
    String submit(int i, String site, String key) throws Exception {
        HttpResponse<String> r = api(node(i), "POST", "/sites/" + site + "/jobs",
                "{\"type\":\"payment\",\"amount\":100,\"currency\":\"PLN\",\"reference\":\"" + key + "\"}", "Idempotency-Key", key);
        if (r.statusCode() != 201) throw new AssertionError("submit on node " + i + ": " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    JsonNode job(String id) throws Exception {
        return JSON.readTree(api(node(0), "GET", "/jobs/" + id, null).body());
    }

    /** A value of node {@code i}'s /metrics (loopback), summed over its labels; -1 when absent. */
    double metric(int i, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(get(node(i) + "/metrics").body());
        double sum = -1;
        while (m.find()) sum = (sum < 0 ? 0 : sum) + Double.parseDouble(m.group(2));
        return sum;
    }

    /** The end of every node's log, for a failure message. */
    String logs() {
        StringBuilder b = new StringBuilder();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) logs.add(dir.resolve("hub-" + i + ".log"));
        logs.add(dir.resolve("haproxy.log"));
        for (Path log : logs) {
            String s = Programs.read(log);
            b.append("\n--- ").append(log.getFileName()).append(" (end):\n").append(s.substring(Math.max(0, s.length() - 4000)));
        }
        return b.toString();
    }

    @Override
    public void close() throws Exception {
        Programs.stop(haproxy);
        for (Process p : nodes) Programs.stop(p);
    }
}
