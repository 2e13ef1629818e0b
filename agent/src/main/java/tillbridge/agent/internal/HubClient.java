package tillbridge.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tillbridge.agent.ProxySetting;
import tillbridge.agent.print.Document;
import tillbridge.contract.JobEvent;
import tillbridge.contract.JobJson;
import tillbridge.contract.JobResult;

/**
 * The agent's side of {@code /agent/v1} (docs/hub.md), over the JDK HTTP client, HTTP/1.1.
 * Every call but {@link #register} carries the agent token; nothing here logs it.
 */
public final class HubClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** An HTTP status code inside the JDK's message about a refused tunnel. */
    private static final Pattern STATUS = Pattern.compile("\\b([1-5][0-9][0-9])\\b");
    /** 16 MiB at 1 Mbit/s and some. */
    static final Duration DOCUMENT_TIMEOUT = Duration.ofMinutes(3);

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final Duration streamAnswer;

    /** The longest {@code Retry-After} obeyed; a larger one is taken as this. */
    static final Duration RETRY_AFTER_MAX = Duration.ofHours(1);

    /**
     * A refusal or failure from the hub; {@code status} 0 when no HTTP answer came at all;
     * {@code retryAfter} when the hub said when to come back (503 with {@code Retry-After}).
     */
    public static final class HubException extends IOException {
        private final int status;
        private final Optional<Duration> retryAfter;

        public HubException(int status, String message) {
            this(status, message, Optional.empty());
        }

        public HubException(int status, String message, Optional<Duration> retryAfter) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        HubException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
            this.retryAfter = Optional.empty();
        }

        public int status() {
            return status;
        }

        public Optional<Duration> retryAfter() {
            return retryAfter;
        }
    }

    public record Registration(String siteId, String token) {
        @Override
        public String toString() {
            return "Registration[site=" + siteId + ", token=<hidden>]";
        }
    }

    public HubClient(URI base, String token, HttpClient http) {
        this(base, token, http, CALL_TIMEOUT);
    }

    /** @param streamAnswer how long {@link #openStream} waits for the stream's response headers */
    HubClient(URI base, String token, HttpClient http, Duration streamAnswer) {
        this.base = base;
        this.token = token;
        this.http = http;
        this.streamAnswer = streamAnswer;
    }

    /** An HTTP client for {@code trustStore} (PEM certificates or PKCS#12), or the JDK's default trust, connecting directly. */
    public static HttpClient http(Optional<Path> trustStore) throws IOException {
        return http(trustStore, Optional.empty());
    }

    /**
     * An HTTP client for {@code trustStore}, tunnelling through {@code proxy} when given. Its
     * certificate checks name the issuer of a certificate they refuse ({@link HubTls}).
     */
    public static HttpClient http(Optional<Path> trustStore, Optional<ProxySetting.Via> proxy) throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(HubTls.context(trustStore));
        proxy.ifPresent(p -> {
            b.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(p.host(), p.port())));
            if (p.user().isPresent()) b.authenticator(HubTls.proxyCredentials(p));
        });
        return b.build();
    }

    /**
     * {@code POST /register}: exchanges a one-time code for the site id and a token. A hub that
     * cannot be reached is a {@link HubException} with status 0 saying so ({@link #unreachable}).
     */
    public static Registration register(HttpClient http, URI base, String code, String agentVersion) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("code", code).put("agent_version", agentVersion);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/agent/v1/register")).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HubException(0, unreachable(base, e), e);
        }
        JsonNode n = check(r, "register");
        if (!n.path("site_id").isTextual() || !n.path("token").isTextual()) throw new HubException(200, "register: answer without site_id and token");
        return new Registration(n.get("site_id").asText(), n.get("token").asText());
    }

    /**
     * {@code GET /stream?ping=P}: the response with its body still to read (status checked by the
     * caller). The wait for its headers is bounded here, not by a request timeout, which would also
     * bound the stream's life on JDKs that extend it to the body.
     */
    public HttpResponse<InputStream> openStream(int pingSeconds, long lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = request("/agent/v1/stream?ping=" + pingSeconds).header("Accept", "text/event-stream").GET();
        if (lastEventId >= 0) b.header("Last-Event-ID", Long.toString(lastEventId));
        CompletableFuture<HttpResponse<InputStream>> answer = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            return answer.get(streamAnswer.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HubException(0, "stream: no answer within " + streamAnswer.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw new HubException(0, "stream: " + describe(e.getCause()), e.getCause());
        }
    }

    /** {@code GET /poll?after=N}: waits up to the hub's poll timeout ({@code wait} bounds it here). */
    public JsonNode poll(long after, Duration wait) throws IOException, InterruptedException {
        String q = after >= 0 ? "?after=" + URLEncoder.encode(Long.toString(after), StandardCharsets.US_ASCII) : "";
        HttpRequest req = request("/agent/v1/poll" + q).timeout(wait).GET().build();
        return check(send(http, req, "poll"), "poll");
    }

    /** {@code POST /heartbeat} (empty body, 204): the agent is alive, sent after each ping on the stream. */
    public void heartbeat() throws IOException, InterruptedException {
        HttpRequest req = request("/agent/v1/heartbeat").timeout(CALL_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build();
        check(send(http, req, "heartbeat"), "heartbeat");
    }

    public void ack(String jobId) throws IOException, InterruptedException {
        HttpRequest req = request("/agent/v1/jobs/" + jobId + "/ack").timeout(CALL_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build();
        check(send(http, req, "ack"), "ack");
    }

    public void event(String jobId, JobEvent.Progress event) throws IOException, InterruptedException {
        post("/agent/v1/jobs/" + jobId + "/events", JobJson.encode(event), "event");
    }

    public void result(String jobId, JobResult r) throws IOException, InterruptedException {
        post("/agent/v1/jobs/" + jobId + "/result", JobJson.posted(r), "result");
    }

    /**
     * {@code GET /documents/{id}}: a print document of the agent's site, at most 16 MiB (a larger
     * declared length is refused before its body is read), checked against its
     * {@code X-Content-SHA256}. Synchronous on purpose: the asynchronous variant leans on the
     * common fork-join pool, which a busy JVM may not lend it in time.
     */
    public Document document(String id) throws IOException, InterruptedException {
        HttpRequest req = request("/agent/v1/documents/" + id).timeout(DOCUMENT_TIMEOUT).GET().build();
        HttpResponse.BodyHandler<byte[]> bounded = info -> {
            long n = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return info.statusCode() == 200 && (n < 0 || n > Document.MAX_BYTES)
                    ? HttpResponse.BodySubscribers.replacing(null) : HttpResponse.BodySubscribers.ofByteArray();
        };
        HttpResponse<byte[]> r;
        try {
            r = http.send(req, bounded);
        } catch (IOException e) {
            throw new HubException(0, "document " + id + ": " + describe(e), e);
        }
        if (r.statusCode() != 200) {
            throw new HubException(r.statusCode(), "document " + id + ": HTTP " + r.statusCode() + " "
                    + errorText(new String(r.body(), StandardCharsets.UTF_8)));
        }
        if (r.body() == null) {
            throw new HubException(200, "document " + id + ": " + r.headers().firstValue("Content-Length").map(n -> n + " bytes")
                    .orElse("no length given") + "; at most " + Document.MAX_BYTES + " bytes (16 MiB) are printed");
        }
        String sha = r.headers().firstValue("X-Content-SHA256").orElse("");
        if (!sha.equalsIgnoreCase(sha256(r.body()))) {
            throw new HubException(200, "document " + id + ": its content does not match its X-Content-SHA256 (damaged on the way)");
        }
        try {
            return Document.of(r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IllegalArgumentException e) {
            throw new HubException(200, "document " + id + ": " + e.getMessage());
        }
    }

    private static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    public void status(ObjectNode status) throws IOException, InterruptedException {
        post("/agent/v1/status", status, "status");
    }

    public URI base() {
        return base;
    }

    private void post(String path, ObjectNode body, String what) throws IOException, InterruptedException {
        HttpRequest req = request(path).timeout(CALL_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        check(send(http, req, what), what);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest req, String what) throws IOException, InterruptedException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HubException(0, what + ": " + describe(e), e);
        }
    }

    private static JsonNode check(HttpResponse<String> r, String what) throws HubException {
        if (r.statusCode() / 100 != 2) {
            throw new HubException(r.statusCode(), what + ": HTTP " + r.statusCode() + " " + errorText(r.body()), retryAfter(r));
        }
        try {
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new HubException(r.statusCode(), what + ": answer is not JSON: " + e.getMessage());
        }
    }

    /**
     * A 503's {@code Retry-After} in seconds (the form the hub sends), at most {@link #RETRY_AFTER_MAX};
     * empty on any other status, without the header, or in the HTTP-date form.
     */
    static Optional<Duration> retryAfter(HttpResponse<?> r) {
        if (r.statusCode() != 503) return Optional.empty();
        return r.headers().firstValue("Retry-After").filter(v -> v.matches("[0-9]{1,9}"))
                .map(v -> Duration.ofSeconds(Math.min(Long.parseLong(v), RETRY_AFTER_MAX.toSeconds())));
    }

    /** The hub's {@code {"error": code, "message": text}} message (else its code), else the body clipped. */
    static String errorText(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.path("message").isTextual()) return n.get("message").asText();
            if (n != null && n.path("error").isTextual()) return n.get("error").asText();
        } catch (IOException | RuntimeException ignored) {
            // not JSON
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    /** Registration could not reach the hub: where, why, and for a certificate the hub's own CA signed, what to do. */
    static String unreachable(URI base, IOException e) {
        return "cannot reach the hub at " + base + ": " + describe(e) + (untrusted(e) ? " (use --trust-store FILE to trust the hub's certificate)" : "");
    }

    /** Whether the TLS handshake failed because the hub's certificate is not trusted (self-signed, private CA). */
    static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || t instanceof java.security.cert.CertPathBuilderException
                    || t instanceof java.security.cert.CertPathValidatorException) return true;
        }
        return false;
    }

    /** The certificate and issuer {@link HubTls} named, when it was the one that refused. */
    private static Optional<String> refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HubTls.Refused r) return Optional.of(r.getMessage());
        }
        return Optional.empty();
    }

    /**
     * The JDK's refusals of a CONNECT ("Tunnel failed, got: 407", "Unable to tunnel through proxy.
     * Proxy returns "HTTP/1.1 403 …"") in words, with what to check.
     */
    static String proxyRefused(String jdkMessage) {
        Matcher m = STATUS.matcher(jdkMessage);
        String status = m.find() ? m.group(1) : "";
        String hint = switch (status) {
            case "401", "407" -> " (the proxy wants other credentials: set proxy in agent.json, or --proxy, to http://user:password@host:port)";
            case "403" -> " (the proxy does not allow this destination: ask for the hub's host and port to be allowed)";
            default -> "";
        };
        return "the proxy refused to open a tunnel to the hub" + (status.isEmpty() ? "" : " (HTTP " + status + ")") + hint;
    }

    /** A failed connection in words a person can act on: no exception class names, no JDK jargon. */
    /** Whether no connection to the hub (or its proxy) could be made at all: nothing refused the request itself. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException
                    || t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) return true;
        }
        return false;
    }

    static String describe(Throwable e) {
        if (untrusted(e)) return refusal(e).orElse("the hub's certificate is not trusted");
        String m = e.getMessage();
        if (m != null && (m.startsWith("Unable to tunnel through proxy") || m.startsWith("Tunnel failed"))) return proxyRefused(m);
        Throwable cause = e.getCause();
        boolean wrapper = cause != null && (m == null || m.equals(cause.toString())); // says nothing but its cause's class
        return switch (e) {
            case java.net.ConnectException c -> m == null || m.contains("refused") ? "connection refused" : lower(m);
            case java.net.http.HttpConnectTimeoutException c -> "no answer to the connection attempt in time";
            case java.net.http.HttpTimeoutException c -> "timed out";
            case java.net.UnknownHostException c -> "unknown host" + (m == null ? "" : " " + m);
            case java.nio.channels.UnresolvedAddressException c -> "unknown host";
            default -> wrapper ? describe(cause) : m == null ? "connection failed" : m;
        };
    }

    private static String lower(String m) {
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }
}
