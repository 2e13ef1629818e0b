package tillbridge.hub.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of work again whenever asked, never twice at once: requests that arrive while it
 * runs collapse into one more run. The work runs on {@code executor} (virtual threads). A run
 * that fails is logged and asks for itself again through {@code later}, 1 s after the first
 * failure and twice as long after each further one up to 30 s, so that delivery stopped by a
 * database blip resumes by itself instead of waiting for the next change or ping.
 */
public final class DeliveryPump {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPump.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(30);

    /** The work; may block and fail. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** Runs a task after a delay (the hub's timer; tests pass their own). */
    @FunctionalInterface
    public interface Later {
        void after(Duration delay, Runnable task);
    }

    private final AtomicInteger wanted = new AtomicInteger();
    private final Executor executor;
    private final Work work;
    private final Later later;
    private Duration retry = FIRST_RETRY;            // touched only inside drain

    public DeliveryPump(Executor executor, Work work, Later later) {
        this.executor = executor;
        this.work = work;
        this.later = later;
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
                retry = FIRST_RETRY;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                wanted.set(0);
                return;
            } catch (Exception e) {
                LOG.warn("delivery work failed, retrying in {} s: {}", retry.toSeconds(), e.toString(), e);
                try {
                    later.after(retry, this::request);
                } catch (RejectedExecutionException stopping) {
                    // the timer is shut down: the hub is stopping
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
            seen = wanted.addAndGet(-seen);
        } while (seen != 0);
    }
}
