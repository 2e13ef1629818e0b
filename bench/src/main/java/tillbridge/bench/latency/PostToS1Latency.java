package tillbridge.bench.latency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Added latency of the cloud path: from the moment a box office starts its {@code POST
 * /api/v1/sites/{site}/jobs} to the moment the payment's S1 arrives at the terminal, on loopback.
 *
 * <p>Starts {@code hub.jar} (H2 in a fresh directory, plain HTTP) and {@code agent.jar} as child
 * processes, registers the agent through the real API, and points it at a {@link FastTerminal}
 * in this process (so the S1 time and the POST time come from the same clock). Payments run one
 * at a time: each waits for its S1 and then for the job to be {@code done} at the hub before the
 * next one starts. The first {@code --warmup} payments are not counted. Prints p50/p90/p99/max
 * of POST → S1 and, for information, POST → done as seen by polling the job every 2 ms.
 *
 * <pre>
 * ./mvnw -B -pl hub,agent,bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar tillbridge.bench.latency.PostToS1Latency --payments 1000 --warmup 200
 * </pre>
 */
public final class PostToS1Latency {
    static final ObjectMapper JSON = new ObjectMapper();

    record Options(Path hubJar, Path agentJar, int payments, int warmup, int hubPort, int terminalPort, Path work) {
        static Options parse(String[] args) throws IOException {
            Path hub = Path.of("hub/target/hub.jar");
            Path agent = Path.of("agent/target/agent.jar");
            int n = 1000, warm = 200, hubPort = 18_650, termPort = 18_651;
            Path work = null;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--hub-jar" -> hub = Path.of(v);
                    case "--agent-jar" -> agent = Path.of(v);
                    case "--payments" -> n = Integer.parseInt(v);
                    case "--warmup" -> warm = Integer.parseInt(v);
                    case "--hub-port" -> hubPort = Integer.parseInt(v);
                    case "--terminal-port" -> termPort = Integer.parseInt(v);
                    case "--work" -> work = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --hub-jar PATH --agent-jar PATH "
                            + "--payments N --warmup N --hub-port P --terminal-port P --work DIR");
                }
                i++;
            }
            if (n < 1 || n > 1_000_000) throw new IllegalArgumentException("--payments must be 1..1000000");
            if (warm < 0) throw new IllegalArgumentException("--warmup must be >= 0");
            if (work == null) work = Files.createTempDirectory("tb-latency");
            return new Options(hub, agent, n, warm, hubPort, termPort, work);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        try (FastTerminal terminal = new FastTerminal(o.terminalPort());
             LocalCloud cloud = new LocalCloud(o.hubJar(), o.agentJar(), o.hubPort(), o.work(), "{\"terminals\": [{\"name\": \"T1\", \"frob\": \"127.0.0.1:"
                     + terminal.port() + "\", \"ecr_id\": \"BENCH\"}]}")) {
            HttpClient http = cloud.http;
            String base = cloud.base;
            String key = cloud.key;
            String site = cloud.site;
            Path agentDir = cloud.agentDir;
            int total = o.warmup() + o.payments();
            long[] toS1 = new long[o.payments()];
            long[] toDone = new long[o.payments()];
            String[] ids = new String[o.payments()];
            long[] postWallNanos = new long[o.payments()];
            for (int i = 0; i < total; i++) {
                String body = "{\"type\":\"payment\",\"amount\":1200,\"currency\":\"PLN\",\"reference\":\"bench-" + i + "\"}";
                Instant wall = Instant.now();
                long t0 = System.nanoTime();
                String id = post(http, base + "/api/v1/sites/" + site + "/jobs", key, body, "bench-" + i).get("id").asText();
                FastTerminal.Arrival a = terminal.arrivals().poll(30, TimeUnit.SECONDS);
                if (a == null) throw new IllegalStateException("payment " + i + " (job " + id + "): no S1 at the terminal within 30 s; see " + o.work());
                if (!a.kind().equals("S")) throw new IllegalStateException("payment " + i + ": S1 of kind " + a.kind() + ", expected a sale");
                waitFor(Duration.ofSeconds(30), () -> {
                    String s = get(http, base + "/api/v1/jobs/" + id, key).path("state").asText();
                    if (s.equals("failed") || s.equals("unknown")) throw new IllegalStateException("job " + id + " ended " + s);
                    if (s.equals("done")) return true;
                    Thread.sleep(2);
                    return false;
                }, "job " + id + " to be done");
                long done = System.nanoTime();
                if (i >= o.warmup()) {
                    toS1[i - o.warmup()] = a.nanos() - t0;
                    toDone[i - o.warmup()] = done - t0;
                    ids[i - o.warmup()] = id;
                    postWallNanos[i - o.warmup()] = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
                }
                if ((i + 1) % 100 == 0) System.err.println("latency: " + (i + 1) + "/" + total + " payments");
            }
            System.out.println("payments " + o.payments() + " (after " + o.warmup() + " warm-up), one at a time, loopback");
            System.out.println("POST -> S1 at the terminal: " + summary(toS1));
            System.out.println("POST -> job done (polled every 2 ms): " + summary(toDone));
            breakdown(agentDir.resolve("journal.jsonl"), ids, postWallNanos, toS1);
        }
    }

    /**
     * Where the time goes, from the agent's journal timestamps (same machine, same wall clock): POST →
     * job journaled as received (hub, stream, agent parse), received → "S1 about to be sent" (hand-over
     * to the terminal's lane), that → S1 at the terminal (the fsync, ecr, TCP).
     */
    static void breakdown(Path journal, String[] ids, long[] postWall, long[] toS1) throws IOException {
        Map<String, long[]> at = new HashMap<>();
        for (String line : Files.readAllLines(journal)) {
            JsonNode r = JSON.readTree(line);
            String rec = r.path("rec").asText();
            if (!rec.equals("received") && !rec.equals("s1_pending")) continue;
            Instant t = Instant.parse(r.path("at").asText());
            at.computeIfAbsent(r.path("job").asText(), k -> new long[2])[rec.equals("received") ? 0 : 1] = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }
        int n = ids.length;
        long[] hub = new long[n], lane = new long[n], terminal = new long[n];
        for (int i = 0; i < n; i++) {
            long[] t = at.get(ids[i]);
            if (t == null || t[0] == 0 || t[1] == 0) throw new IllegalStateException("job " + ids[i] + " not in the agent's journal");
            hub[i] = t[0] - postWall[i];
            lane[i] = t[1] - t[0];
            terminal[i] = postWall[i] + toS1[i] - t[1];
        }
        System.out.println("  POST -> received by the agent: " + summary(hub));
        System.out.println("  received -> S1 about to be sent: " + summary(lane));
        System.out.println("  S1 about to be sent -> S1 at the terminal: " + summary(terminal));
    }

    static String summary(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms", ms(pct(s, 50)), ms(pct(s, 90)), ms(pct(s, 99)),
                ms(s[s.length - 1]), ms(Arrays.stream(s).sum() / s.length));
    }

    /** Nearest-rank percentile. */
    static long pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Duration limit, Check c, String what) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (c.ok()) return;
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("gave up waiting for " + what + " after " + limit.toSeconds() + " s");
    }

    static int status(HttpClient http, String url, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (key != null) b.header("Authorization", "Bearer " + key);
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static JsonNode get(HttpClient http, String url, String key) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET " + url + ": " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    static JsonNode post(HttpClient http, String url, String key, String body, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IOException("POST " + url + ": " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(err));
        }
        return out;
    }

    static void stop(Process p) throws InterruptedException {
        if (p == null) return;
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
}
