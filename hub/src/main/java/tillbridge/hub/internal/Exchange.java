package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tillbridge.contract.Fields;

/** One HTTP request being answered: bounded body reading, JSON replies, or an SSE stream. */
public final class Exchange {
    /** Bodies declared larger than the limit but at most this are still read (and dropped) before the 413. */
    private static final long DRAIN_LIMIT = 1 << 20;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Map<String, String> params;
    private final int maxBody;
    private boolean answered;
    private org.eclipse.jetty.util.Fields query;

    Exchange(Request request, Response response, Callback callback, Map<String, String> params, int maxBody) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.params = params;
        this.maxBody = maxBody;
    }

    /** A path parameter such as {@code {site}}. */
    public String param(String name) {
        return params.get(name);
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Every value of a header, in order: a header sent twice gives two. */
    public List<String> headers(String name) {
        return request.getHeaders().getValuesList(name);
    }

    public String query(String name) {
        if (query == null) query = Request.extractQueryParameters(request);
        return query.getValue(name);
    }

    /** Bearer credential from the Authorization header, or null. */
    public String bearer() {
        String h = header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String t = h.substring(7).trim();
        return t.isEmpty() || t.length() > 200 ? null : t;
    }

    public String remote() {
        SocketAddress a = request.getConnectionMetaData().getRemoteSocketAddress();
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() + ":" + i.getPort() : String.valueOf(a);
    }

    public boolean fromLoopback() {
        return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress i && i.getAddress().isLoopbackAddress();
    }

    /** The request body, at most {@code maxBody} bytes (else 413). */
    public byte[] body() {
        long declared = request.getLength();
        if (declared > maxBody) {
            // Answering before the body is read makes Jetty close the connection while the client
            // still sends, and a client may then get a reset instead of the 413: read a modest
            // body to its end first, so the caller learns what the limit is.
            if (declared <= DRAIN_LIMIT) discardBody();
            throw tooLarge(declared + " bytes", maxBody);
        }
        String ct = header("Content-Type");
        if (ct != null && !ct.regionMatches(true, 0, "application/json", 0, 16)) {
            throw new ApiError(415, "Content-Type must be application/json, was '" + Fields.clip(ct) + "'");
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] b = in.readNBytes(maxBody + 1);
            if (b.length > maxBody) throw tooLarge("more than " + maxBody + " bytes", maxBody);
            return b;
        } catch (IOException e) {
            throw ApiError.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    public ObjectNode jsonBody() {
        return Json.parseObject(body());
    }

    private void discardBody() {
        try (InputStream in = Request.asInputStream(request)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client went away; there is nobody to answer
        }
    }

    private static ApiError tooLarge(String what, long limit) {
        return new ApiError(413, "request body is " + what + "; the limit is " + limit + " bytes (" + limit / 1024 + " KiB)");
    }

    /**
     * The request body as a stream, for uploads too large to hold: reading past {@code limit}
     * bytes throws a 413 {@link ApiError}, and so does a declared length above it, at once.
     */
    public InputStream bodyStream(long limit) {
        long declared = request.getLength();
        if (declared > limit) throw tooLarge(declared + " bytes", limit);
        InputStream in = Request.asInputStream(request);
        return new java.io.FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) counted(1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) counted(n);
                return n;
            }

            private void counted(int n) {
                count += n;
                if (count > limit) throw tooLarge("more than " + limit + " bytes", limit);
            }
        };
    }

    /** Writes a body of {@code length} bytes as it is produced, without holding it whole. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** A 200 answer whose body {@code writer} streams; a failure half way aborts the connection. */
    public void stream(String contentType, long length, BodyWriter writer) throws IOException {
        if (answered) throw new IllegalStateException("second reply to " + request.getMethod() + " " + request.getHttpURI().getPath());
        answered = true;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        try (OutputStream out = org.eclipse.jetty.io.Content.Sink.asOutputStream(response)) {
            writer.write(out);
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            throw e;
        }
        callback.succeeded();
    }

    public void reply(int status, JsonNode body) {
        send(status, "application/json", Json.bytes(body));
    }

    public void error(ApiError e) {
        // A refusal may come before the body was read (a wrong Content-Type, say): what is left of
        // it would be taken for the next request on a kept-alive connection, so that one closes.
        if (!request.consumeAvailable()) response.getHeaders().put(HttpHeader.CONNECTION, "close");
        reply(e.status(), errorJson(e.code(), e.getMessage()));
    }

    /** The one shape of every error the hub sends, whichever layer refuses the request. */
    static ObjectNode errorJson(String code, String message) {
        return Json.object().put("error", code).put("message", message);
    }

    public void send(int status, String contentType, byte[] bytes) {
        response.write(true, start(status, contentType, bytes), callback);
    }

    /** 204: done, nothing to say. */
    public void noContent() {
        if (answered) throw new IllegalStateException("second reply to " + request.getMethod() + " " + request.getHttpURI().getPath());
        answered = true;
        response.setStatus(204);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, null, callback);
    }

    /**
     * Sends a JSON reply and waits until Jetty reports it written and flushed; false when the
     * write failed or did not finish within {@code limit} (the client has gone).
     */
    public boolean replyFlushed(int status, JsonNode body, Duration limit) throws InterruptedException {
        Callback.Completable written = new Callback.Completable();
        response.write(true, start(status, "application/json", Json.bytes(body)), written);
        try {
            written.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            callback.failed(e.getCause() == null ? e : e.getCause());
            return false;
        }
        callback.succeeded();
        return true;
    }

    private ByteBuffer start(int status, String contentType, byte[] bytes) {
        if (answered) throw new IllegalStateException("second reply to " + request.getMethod() + " " + request.getHttpURI().getPath());
        answered = true;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType.startsWith("application/json") ? "application/json" : contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        return ByteBuffer.wrap(bytes);
    }

    public void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    public boolean answered() {
        return answered;
    }

    /**
     * Turns this exchange into an event stream that holds no thread. {@code idleLimit} replaces
     * the connection's idle timeout: a stream that makes no write progress for that long is
     * aborted. {@code onEnd} is told why the stream ended.
     */
    public SseSink startEvents(Duration idleLimit, Consumer<String> onEnd) {
        answered = true;
        request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(idleLimit.toMillis());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");   // ask nginx-style proxies not to buffer
        SseSink sink = new SseSink(response, callback, onEnd);
        request.addIdleTimeoutListener(t -> {
            sink.abort(new IOException("no write progress for " + idleLimit.toSeconds() + " s"));
            return true;
        });
        request.addFailureListener(x -> sink.abort(x));
        return sink;
    }

    /** Lets a long poll wait longer than the connector's idle timeout. */
    public void idleTimeout(Duration d) {
        request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(d.toMillis());
    }
}
