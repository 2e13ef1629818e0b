package tillbridge.bench.latency;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code hub.jar} (H2 in a fresh directory, plain HTTP on 127.0.0.1) and a registered, connected
 * {@code agent.jar}, as child processes, for the latency harnesses. {@code agentJson} is the
 * agent.json without its {@code hub} member.
 */
final class LocalCloud implements AutoCloseable {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final String key;
    final String site;
    final Path agentDir;
    private Process hub;
    private Process agent;

    LocalCloud(Path hubJar, Path agentJar, int hubPort, Path work, String agentJson) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        base = "http://127.0.0.1:" + hubPort;
        Path data = work.resolve("hub-data");
        agentDir = Files.createDirectories(work.resolve("agent"));
        System.err.println("latency: work dir " + work);
        key = PostToS1Latency.run(work, List.of(java, "-jar", hubJar.toString(), "tenant", "create", "bench", "--data", data.toString(), "-q")).strip();
        try {
            hub = new ProcessBuilder(java, "-jar", hubJar.toString(), "serve", "--listen", "127.0.0.1:" + hubPort, "--data", data.toString(), "-q")
                    .redirectErrorStream(true).redirectOutput(work.resolve("hub.log").toFile()).start();
            PostToS1Latency.waitFor(Duration.ofSeconds(60), () -> PostToS1Latency.status(http, base + "/healthz", null) == 200, "the hub to answer /healthz");
            site = PostToS1Latency.post(http, base + "/api/v1/sites", key, "{\"name\":\"bench\"}", null).get("id").asText();
            String code = PostToS1Latency.post(http, base + "/api/v1/sites/" + site + "/registration-codes", key, "{}", null).get("code").asText();
            Files.writeString(agentDir.resolve("agent.json"), "{\"hub\": \"" + base + "\", " + agentJson.strip().substring(1));
            PostToS1Latency.run(work, List.of(java, "-jar", agentJar.toString(), "register", "--hub", base, "--code", code, "--config-dir", agentDir.toString()));
            agent = new ProcessBuilder(java, "-jar", agentJar.toString(), "run", "--config-dir", agentDir.toString(), System.getProperty("latency.agentLog", "-q"))
                    .redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile()).start();
            PostToS1Latency.waitFor(Duration.ofSeconds(60), () -> PostToS1Latency.get(http, base + "/api/v1/sites/" + site, key).path("connected").asBoolean(),
                    "the agent to connect");
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        PostToS1Latency.stop(agent);
        PostToS1Latency.stop(hub);
    }
}
