package tillbridge.hub;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Reads a text/event-stream response on a virtual thread; the test inspects {@link #events()}. */
final class SseClient implements AutoCloseable {
    record Event(String id, String name, String data) {}

    final CompletableFuture<HttpResponse<InputStream>> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile boolean ended;
    private volatile InputStream body;

    private SseClient(CompletableFuture<HttpResponse<InputStream>> response) {
        this.response = response;
    }

    static SseClient open(HttpClient http, HttpRequest req) {
        SseClient c = new SseClient(http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream()));
        Thread.ofVirtual().start(c::read);
        return c;
    }

    int status() throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Event> named(String name) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) if (name.equals(e.name())) out.add(e);
        return out;
    }

    boolean ended() {
        return ended;
    }

    private void read() {
        try {
            HttpResponse<InputStream> r = response.get();
            body = r.body();
            BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String id = null, name = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || name != null) events.add(new Event(id, name, data.toString()));
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (Exception e) {
            // the stream ended (closed by the hub or by close())
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() throws java.io.IOException {
        InputStream b = body;
        if (b != null) b.close();
        response.cancel(true);
    }
}
