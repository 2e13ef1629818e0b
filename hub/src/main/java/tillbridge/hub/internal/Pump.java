package tillbridge.hub.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of work again whenever asked, never twice at once: requests that arrive while it
 * runs collapse into one more run. The work runs on {@code executor} (virtual threads). A run
 * that fails is logged and leaves the pump armed: the next request runs the work again.
 */
public final class Pump {
    private static final Logger LOG = LoggerFactory.getLogger(Pump.class);

    /** The work; may block and fail. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final AtomicInteger wanted = new AtomicInteger();
    private final Executor executor;
    private final Work work;

    public Pump(Executor executor, Work work) {
        this.executor = executor;
        this.work = work;
    }

    public void request() {
        if (wanted.getAndIncrement() != 0) return;
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // executor shut down (hub stopping): disarm so that a later request is not swallowed
            wanted.set(0);
        }
    }

    private void drain() {
        int seen = wanted.get();
        do {
            try {
                work.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                wanted.set(0);
                return;
            } catch (Exception e) {
                LOG.warn("delivery work failed: {}", e.toString(), e);
            }
            seen = wanted.addAndGet(-seen);
        } while (seen != 0);
    }
}
