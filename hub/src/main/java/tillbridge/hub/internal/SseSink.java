package tillbridge.hub.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
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
    private ArrayDeque<ByteBuffer> queue;   // allocated only while writes back up
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

    public void event(String id, String name, String jsonData) {
        StringBuilder sb = new StringBuilder(jsonData.length() + 40);
        if (id != null) sb.append("id: ").append(id).append('\n');
        if (name != null) sb.append("event: ").append(name).append('\n');
        sb.append("data: ").append(jsonData).append("\n\n");
        write(sb.toString());
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
        synchronized (this) {
            if (ended) return;
            ended = true;
            queue = null;
        }
        done.failed(why);
        onEnd.accept(why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage());
    }

    private void write(String frame) {
        ByteBuffer b = ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8));
        synchronized (this) {
            if (ended || closing) return;
            if (writing) {
                if (queue == null) queue = new ArrayDeque<>(4);
                queue.add(b);
                return;
            }
            writing = true;
        }
        response.write(false, b, written);
    }

    private final Callback written = new Callback() {
        @Override
        public void succeeded() {
            lastWriteOkNanos = System.nanoTime();
            ByteBuffer next;
            String reason = null;
            synchronized (SseSink.this) {
                next = queue == null ? null : queue.poll();
                if (next == null) {
                    queue = null;
                    writing = false;
                    if (closing && !ended) {
                        ended = true;
                        reason = closeReason;
                    }
                }
            }
            if (next != null) {
                response.write(false, next, this);
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
