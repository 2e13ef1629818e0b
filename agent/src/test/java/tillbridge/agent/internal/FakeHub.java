package tillbridge.agent.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tillbridge.common.testing.LowPorts;

/**
 * A scripted hub on loopback, so agent tests exercise the real HTTP client against failures chosen by the test: each stream request is answered with the next queued
 * {@link Stream} script, each poll with the next queued JSON (or an empty answer after a short
 * wait), every other call with 200 {}. Every request is recorded for {@link #take}.
 */
final class FakeHub implements AutoCloseable {
    /** What a stream connection does: write {@code text}, then stay open (or end). */
    record Stream(String text, boolean stayOpen) {}

    record Call(String method, String path, String lastEventId, String authorization, String body) {}

    /** A print document served at {@code /agent/v1/documents/{id}} with the SHA-256 header given. */
    private record Doc(String contentType, byte[] content, String sha256) {}

    /** A scripted answer: status, JSON body and a Retry-After header (null: none). */
    private record Refusal(int status, String json, String retryAfter) {
        Refusal(int status, String json) {
            this(status, json, null);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();
    private final BlockingQueue<Refusal> polls = new LinkedBlockingQueue<>();
    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
    private final Map<String, Doc> documents = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Integer>> documentFailures = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    FakeHub() throws IOException {
        server = LowPorts.bind(port -> HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void stream(String text, boolean stayOpen) {
        streams.add(new Stream(text, stayOpen));
    }

    void poll(String json) {
        polls.add(new Refusal(200, json));
    }

    /** The next poll is answered {@code status} with {@code json}. */
    void poll(int status, String json) {
        polls.add(new Refusal(status, json));
    }

    /** Calls whose path starts with {@code prefix} are answered {@code status} with {@code json} from now on. */
    void refuse(String prefix, int status, String json) {
        refusals.put(prefix, new Refusal(status, json));
    }

    /** Calls whose path starts with {@code prefix} are answered 503 with {@code Retry-After: retryAfter} from now on. */
    void overloaded(String prefix, String retryAfter) {
        refusals.put(prefix, new Refusal(503, "{\"error\":\"overloaded\",\"message\":\"come back later\"}", retryAfter));
    }

    /** Calls whose path starts with {@code prefix} are no longer refused. */
    void admit(String prefix) {
        refusals.remove(prefix);
    }

    /** Serves a print document; {@code sha256} is sent as its X-Content-SHA256 (a wrong one mimics damage). */
    void document(String id, String contentType, byte[] content, String sha256) {
        documents.put("/agent/v1/documents/" + id, new Doc(contentType, content, sha256));
    }

    /**
     * The next requests for document {@code id} fail, one per status in order: an HTTP status, or 0
     * for a body cut off halfway (the connection closed before its declared length).
     */
    void documentFailsFirst(String id, int... statuses) {
        BlockingQueue<Integer> q = documentFailures.computeIfAbsent("/agent/v1/documents/" + id, k -> new LinkedBlockingQueue<>());
        for (int s : statuses) q.add(s);
    }

    /** The next recorded call whose path starts with {@code prefix} (others are skipped), failing after {@code timeout}. */
    Call take(String prefix, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Call c = calls.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (c == null) throw new AssertionError("no call to " + prefix + " within " + timeout);
            if (c.path().startsWith(prefix)) return c;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().toString();
        calls.add(new Call(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Last-Event-ID"),
                ex.getRequestHeaders().getFirst("Authorization"), body));
        try {
            Refusal refused = refusals.entrySet().stream().filter(r -> path.startsWith(r.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
            if (refused != null) {
                if (refused.retryAfter() != null) ex.getResponseHeaders().set("Retry-After", refused.retryAfter());
                reply(ex, refused.status(), refused.json());
            } else if (path.startsWith("/agent/v1/stream")) {
                Stream s = streams.poll(5, TimeUnit.SECONDS);
                if (s == null) {
                    reply(ex, 503, "{\"error\":\"no stream scripted\"}");
                    return;
                }
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                out.write(s.text().getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (s.stayOpen()) closed.await();
                out.close();
            } else if (path.startsWith("/agent/v1/documents/")) {
                Doc d = documents.get(path);
                Integer failure = documentFailures.getOrDefault(path, new LinkedBlockingQueue<>()).poll();
                if (d != null && failure != null && failure != 0) {
                    reply(ex, failure, "{\"error\":\"unavailable\",\"message\":\"scripted failure\"}");
                    return;
                }
                if (d == null) {
                    reply(ex, 404, "{\"error\":\"not_found\",\"message\":\"not found: document\"}");
                    return;
                }
                ex.getResponseHeaders().set("Content-Type", d.contentType());
                ex.getResponseHeaders().set("X-Content-SHA256", d.sha256());
                ex.sendResponseHeaders(200, d.content().length);
                if (failure != null) {
                    ex.getResponseBody().write(d.content(), 0, d.content().length / 2);
                    ex.getResponseBody().flush();
                    throw new IllegalStateException("body cut off on purpose"); // the server then drops the connection
                }
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(d.content());
                }
            } else if (path.startsWith("/agent/v1/poll")) {
                Refusal a = polls.poll(1, TimeUnit.SECONDS);
                if (a == null) reply(ex, 200, "{\"events\":[],\"last_event_id\":0}");
                else reply(ex, a.status(), a.json());
            } else {
                reply(ex, 200, "{}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the agent hung up
        }
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
