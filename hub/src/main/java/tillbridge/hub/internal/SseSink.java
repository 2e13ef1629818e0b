package tillbridge.hub.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One open server-sent-events response. Holds no thread: the handler's callback is parked here
 * until the stream ends. Writes are queued and issued one at a time (Jetty allows one pending
 * write per response); the first failed write ends the stream.
 *
 * <p>Wire format (text/event-stream, UTF-8):
 * <pre>
 * id: 42\n            optional; the client's Last-Event-ID on reconnect
 * event: job\n        optional; the event name
 * data: {"id":…}\n    one line of JSON
 * \n                  end of event
 * : comment\n\n       a keep-alive comment, ignored by clients
 * </pre>
 */
public final class SseSink {
    private final Response response;
    private final Callback done;
    private final Consumer<String> onEnd;
    private ArrayDeque<Frame> queue;        // allocated only while writes back up
    private Frame inFlight;
    private boolean writing;
    private boolean closing;
    private boolean ended;
    private String closeReason;              // set when close() waits for a write in flight
    private volatile long lastWriteOkNanos = System.nanoTime();

    /** {@code onEnd} is told once why the stream ended (close reason or failure message). */
    public SseSink(Response response, Callback done, Consumer<String> onEnd) {
        this.response = response;
        this.done = done;
        this.onEnd = onEnd;
    }

    /** A queued write and who waits for it. */
    private record Frame(ByteBuffer bytes, CompletableFuture<Void> written) {}

    /**
     * Queues an event. The future completes when Jetty reports the event written and flushed to
     * the connection, and fails when the stream ends before that (a failed write, an abort, a
     * close): only then may what it carried count as handed over.
     */
    public CompletableFuture<Void> event(String id, String name, String jsonData) {
        StringBuilder sb = new StringBuilder(jsonData.length() + 40);
        if (id != null) sb.append("id: ").append(id).append('\n');
        if (name != null) sb.append("event: ").append(name).append('\n');
        sb.append("data: ").append(jsonData).append("\n\n");
        return write(sb.toString());
    }

    public void comment(String text) {
        write(": " + text + "\n\n");
    }

    /** Nanos (System.nanoTime) of the last write that completed. */
    public long lastWriteOkNanos() {
        return lastWriteOkNanos;
    }

    public synchronized boolean ended() {
        return ended || closing;
    }

    /** Ends the response normally after queued writes are flushed. */
    public void close(String reason) {
        synchronized (this) {
            if (ended || closing) return;
            closing = true;
            if (writing) {
                closeReason = reason;
                return;
            }
            ended = true;
        }
        done.succeeded();
        onEnd.accept(reason);
    }

    /** Aborts the connection at once (peer gone, timed out, hub stopping). */
    public void abort(Throwable why) {
        ArrayDeque<Frame> dropped;
        Frame flying;
        synchronized (this) {
            if (ended) return;
            ended = true;
            dropped = queue;
            flying = inFlight;
            queue = null;
            inFlight = null;
        }
        if (flying != null) flying.written.completeExceptionally(why);
        if (dropped != null) dropped.forEach(f -> f.written.completeExceptionally(why));
        done.failed(why);
        onEnd.accept(why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage());
    }

    private CompletableFuture<Void> write(String text) {
        Frame f = new Frame(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), new CompletableFuture<>());
        synchronized (this) {
            if (ended || closing) {
                f.written.completeExceptionally(new java.io.IOException("stream ended"));
                return f.written;
            }
            if (writing) {
                if (queue == null) queue = new ArrayDeque<>(4);
                queue.add(f);
                return f.written;
            }
            writing = true;
            inFlight = f;
        }
        response.write(false, f.bytes, written);
        return f.written;
    }

    private final Callback written = new Callback() {
        @Override
        public void succeeded() {
            lastWriteOkNanos = System.nanoTime();
            Frame finished;
            Frame next;
            String reason = null;
            synchronized (SseSink.this) {
                finished = inFlight;
                next = queue == null ? null : queue.poll();
                inFlight = next;
                if (next == null) {
                    queue = null;
                    writing = false;
                    if (closing && !ended) {
                        ended = true;
                        reason = closeReason;
                    }
                }
            }
            if (finished != null) finished.written.complete(null);
            if (next != null) {
                response.write(false, next.bytes, this);
            } else if (reason != null) {
                done.succeeded();
                onEnd.accept(reason);
            }
        }

        @Override
        public void failed(Throwable x) {
            synchronized (SseSink.this) {
                writing = false;
            }
            abort(x);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    };
}
