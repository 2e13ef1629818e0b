package tillbridge.agent.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import tillbridge.agent.AgentConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's status and set-up page on {@code ui_listen} (docs/agent.md): the page and its assets
 * from the jar, {@code GET /status} (JSON), {@code GET /events} (the same as server-sent events,
 * one per change) and {@code POST /register} while the agent is not registered. The JDK's own
 * HTTP server: a handful of requests from one browser on the same machine need nothing more.
 */
public final class UiServer implements AutoCloseable {
    static final int MAX_BODY = 4096;
    /** An SSE comment this often, so a connection to a closed page is noticed and its thread freed. */
    static final long KEEPALIVE_MS = 15_000;
    /** Open pages at once (each holds one thread and one connection): a few browser tabs, not a flood. */
    static final int MAX_STREAMS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger("tillbridge.agent");

    /** Registers the agent with a hub: the same as {@code agent register}. */
    public interface Registrar {
        /** Returns the site id; a refusal or failure is an exception whose message says what to do. */
        String register(String hub, String code) throws Exception;
    }

    /** What the page may do once the agent runs: edit agent.json, run test jobs, answer prompts. */
    public interface Setup {
        /** agent.json as written (a proxy password masked). */
        JsonNode config() throws IOException;

        /** Applies one change ({@link tillbridge.agent.ConfigEdit}); returns what took effect. */
        String change(JsonNode change) throws AgentConfig.Invalid, IOException;

        /** Sends a test page to the printer; returns the job's id. */
        String testPrint(String printer) throws IOException;

        /** Starts a small payment on the terminal, aborted once the terminal takes it; returns the job's id. */
        String testPayment(String terminal, long amount, String currency) throws IOException;

        /** Answers a job's prompt as the box office would. */
        void answer(String job, String prompt, String answer);
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final UiStatus status;
    private final UiSecret secret;
    private volatile Registrar registrar;
    private volatile Setup setup;

    private UiServer(HttpServer server, UiStatus status, UiSecret secret) {
        this.server = server;
        this.status = status;
        this.secret = secret;
    }

    /**
     * The page on {@code listen} (nothing when {@code ui_listen} is off); an address that cannot be
     * taken (another agent on this machine has it) is logged and the agent runs without the page.
     */
    public static Optional<UiServer> open(Optional<InetSocketAddress> listen, Path configDir, UiStatus status) throws IOException {
        if (listen.isEmpty()) return Optional.empty();
        UiSecret secret = UiSecret.loadOrCreate(configDir);
        try {
            UiServer ui = start(listen.get(), status, secret);
            LOG.info("status page on {}", ui.page());
            return Optional.of(ui);
        } catch (BindException e) {
            LOG.warn("status page not served: {}:{} {}; set ui_listen in agent.json", hostOf(listen.get()), listen.get().getPort(), e.getMessage());
            return Optional.empty();
        }
    }

    private static String hostOf(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    public static UiServer start(InetSocketAddress listen, UiStatus status, UiSecret secret) throws IOException {
        HttpServer s = HttpServer.create(listen, 16);
        UiServer ui = new UiServer(s, status, secret);
        s.setExecutor(ui.threads);
        s.createContext("/", ui::handle);
        s.start();
        return ui;
    }

    /** The address the server took (with the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The page's address, for a browser. */
    public java.net.URI page() {
        return java.net.URI.create("http://" + hostOf(address()) + ":" + address().getPort() + "/");
    }

    /** Offers registration on the page until {@link #registered}. */
    public void offerRegistration(Registrar r) {
        registrar = r;
        status.unregistered();
    }

    /** Offers configuration, test jobs and prompt answers on the page (the agent runs). */
    public void offerSetup(Setup s) {
        setup = s;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            Optional<String> refused = UiGuard.refusal(method, x.getRequestHeaders().getFirst("Host"),
                    x.getRequestHeaders().getFirst("Origin"), x.getRequestHeaders().getFirst(UiSecret.HEADER), secret, address().getPort());
            if (refused.isPresent()) {
                text(x, 403, refused.get());
                return;
            }
            String path = x.getRequestURI().getPath();
            switch (method + " " + path) {
                case "GET /" -> page(x);
                case "GET /app.js" -> asset(x, "app.js", "text/javascript; charset=utf-8");
                case "GET /app.css" -> asset(x, "app.css", "text/css; charset=utf-8");
                case "GET /status" -> json(x, 200, status.snapshot());
                case "GET /events" -> events(x);
                case "POST /register" -> register(x);
                case "GET /config" -> withSetup(x, s -> json(x, 200, s.config()));
                case "GET /log" -> text(x, 200, String.join("\n", LogTail.lines()));
                case "POST /config" -> withSetup(x, s -> {
                    JsonNode req = body(x);
                    try {
                        json(x, 200, JSON.createObjectNode().put("message", s.change(req)));
                    } catch (AgentConfig.Invalid e) {
                        ObjectNode o = JSON.createObjectNode().put("message", "not saved: " + String.join("; ", e.problems()));
                        e.problems().forEach(o.putArray("problems")::add);
                        json(x, 422, o);
                    }
                });
                case "POST /test/print" -> withSetup(x, s -> started(x, s.testPrint(field(body(x), "printer"))));
                case "POST /test/payment" -> withSetup(x, s -> {
                    JsonNode req = body(x);
                    started(x, s.testPayment(field(req, "terminal"), req.path("amount").asLong(0), field(req, "currency")));
                });
                case "POST /answer" -> withSetup(x, s -> {
                    JsonNode req = body(x);
                    String job = field(req, "job"), prompt = field(req, "prompt");
                    s.answer(job, prompt, field(req, "answer"));
                    status.answered(job, prompt);
                    json(x, 202, JSON.createObjectNode().put("message", "answer sent to the terminal"));
                });
                default -> text(x, 404, "not found");
            }
        }
    }

    private void page(HttpExchange x) throws IOException {
        String html = new String(resource("index.html"), StandardCharsets.UTF_8).replace("{{SECRET}}", secret.value());
        send(x, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private void asset(HttpExchange x, String name, String type) throws IOException {
        send(x, 200, type, resource(name));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = UiServer.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("resource " + name + " missing from the jar");
            return in.readAllBytes();
        }
    }

    private void events(HttpExchange x) throws IOException {
        if (!streams.tryAcquire()) {
            text(x, 503, "too many status pages open at once (" + MAX_STREAMS + "); close some");
            return;
        }
        try {
            stream(x);
        } finally {
            streams.release();
        }
    }

    private void stream(HttpExchange x) throws IOException {
        BlockingQueue<ObjectNode> changes = new ArrayBlockingQueue<>(64);
        Consumer<ObjectNode> l = s -> {
            // a page too slow to take every change gets the newest; the older ones are only history
            while (!changes.offer(s)) changes.poll();
        };
        status.listen(l);
        try {
            headers(x, "text/event-stream; charset=utf-8");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            ObjectNode s = status.snapshot();
            while (true) {
                if (s == null) out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                else out.write(("event: status\ndata: " + JSON.writeValueAsString(s) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                s = changes.poll(KEEPALIVE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the page went away
        } finally {
            status.unlisten(l);
        }
    }

    @FunctionalInterface
    private interface SetupCall {
        void run(Setup s) throws IOException, AgentConfig.Invalid;
    }

    /** 409 while the agent is not running yet; a malformed request or a rule broken: 422 with the reason. */
    private void withSetup(HttpExchange x, SetupCall call) throws IOException {
        Setup s = setup;
        if (s == null) {
            text(x, 409, "the agent is not running yet (register it first)");
            return;
        }
        try {
            call.run(s);
        } catch (IllegalArgumentException e) {
            json(x, 422, JSON.createObjectNode().put("message", e.getMessage()));
        } catch (AgentConfig.Invalid e) {
            json(x, 422, JSON.createObjectNode().put("message", e.getMessage()));
        } catch (IOException e) {
            json(x, 500, JSON.createObjectNode().put("message", "failed: " + e.getMessage()));
        }
    }

    private static void started(HttpExchange x, String job) throws IOException {
        json(x, 202, JSON.createObjectNode().put("job", job).put("message", "started as job " + job));
    }

    /** The request's JSON body, at most {@link #MAX_BODY} bytes. */
    private static JsonNode body(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) throw new IllegalArgumentException("request larger than " + MAX_BODY + " bytes");
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) throw new IllegalArgumentException("the request must be a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the request is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String field(JsonNode req, String name) {
        JsonNode n = req.get(name);
        if (n == null || !n.isTextual() || n.asText().isBlank()) throw new IllegalArgumentException(name + ": required");
        return n.asText();
    }

    private void register(HttpExchange x) throws IOException {
        Registrar r = registrar;
        if (r == null) {
            text(x, 409, "this agent is registered already");
            return;
        }
        byte[] body = x.getRequestBody().readNBytes(MAX_BODY + 1);
        JsonNode req;
        try {
            req = body.length > MAX_BODY ? null : JSON.readTree(body);
        } catch (IOException e) {
            req = null;
        }
        if (req == null || !req.path("hub").isTextual() || !req.path("code").isTextual()) {
            text(x, 400, "send {\"hub\": URL, \"code\": CODE}");
            return;
        }
        synchronized (this) {
            if (registrar == null) {
                text(x, 409, "this agent is registered already");
                return;
            }
            try {
                String site = r.register(req.get("hub").asText(), req.get("code").asText());
                registrar = null;
                status.registered(site);
                json(x, 200, JSON.createObjectNode().put("site", site));
            } catch (Exception e) {
                text(x, 422, e.getMessage());
            }
        }
    }

    private static void json(HttpExchange x, int code, JsonNode body) throws IOException {
        send(x, code, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void text(HttpExchange x, int code, String body) throws IOException {
        send(x, code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int code, String type, byte[] body) throws IOException {
        headers(x, type);
        x.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) x.getResponseBody().write(body);
    }

    private static void headers(HttpExchange x, String type) {
        var h = x.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        h.set("Referrer-Policy", "no-referrer");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
