package tillbridge.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An agent played by the test, to count what reaches it: it holds a job stream, opens a new one
 * as soon as one ends (as the real agent does), and acknowledges every job it receives. Each
 * receipt records the connection it came on and whether the hub had already taken the job's
 * acknowledgement, which no hand-over may follow.
 */
final class StreamingAgent implements AutoCloseable {
    /** One job received: on which connection, and whether its ack had been answered 200 before. */
    record Receipt(String jobId, int connection, boolean ackedBefore) {}

    final String site;
    final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final AtomicInteger connections = new AtomicInteger();
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean closed;
    private volatile InputStream body;
    private final Thread thread;

    StreamingAgent(String base, String site, String token) {
        this.base = base;
        this.site = site;
        this.token = token;
        this.thread = Thread.ofVirtual().name("agent-" + site).start(this::run);
    }

    /** Job ids received, in order, repeats included. */
    List<String> jobs() {
        return receipts.stream().map(Receipt::jobId).toList();
    }

    private void run() {
        while (!closed) {
            int n = connections.incrementAndGet();
            try {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/agent/v1/stream?ping=2"))
                        .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                body = r.body();
                if (r.statusCode() == 200) read(n, r.body());
                else r.body().close();
            } catch (IOException e) {
                // stream ended or refused: reconnect, as the agent does
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(int connection, InputStream in) throws IOException, InterruptedException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String event = null;
        for (String line; !closed && (line = lines.readLine()) != null; ) {
            if (line.startsWith("event: ")) event = line.substring(7);
            else if (line.startsWith("data: ") && "job".equals(event)) {
                String id = HubCluster.JSON.readTree(line.substring(6)).get("id").asText();
                receipts.add(new Receipt(id, connection, acked.contains(id)));
                ack(id);
            } else if (line.isEmpty()) event = null;
        }
    }

    /** Three tries a second apart, as the agent does (a node may die under an ack in flight). */
    private void ack(String id) throws InterruptedException {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/agent/v1/jobs/" + id + "/ack"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    acked.add(id);
                    return;
                }
            } catch (IOException e) {
                // tried again below
            }
            Thread.sleep(1000);
        }
        // not acknowledged: the hub hands the job out again on the next connection
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closed = true;
        InputStream b = body;
        if (b != null) b.close();
        thread.interrupt();
        thread.join(5_000);
    }
}
