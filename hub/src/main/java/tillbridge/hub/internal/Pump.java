package tillbridge.hub.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of work again whenever asked, never twice at once: requests that arrive while it
 * runs collapse into one more run. The work runs on {@code executor} (virtual threads).
 */
public final class Pump {
    private static final Logger LOG = LoggerFactory.getLogger(Pump.class);
    private final AtomicInteger wanted = new AtomicInteger();
    private final Executor executor;
    private final Runnable work;

    public Pump(Executor executor, Runnable work) {
        this.executor = executor;
        this.work = work;
    }

    public void request() {
        if (wanted.getAndIncrement() == 0) executor.execute(this::drain);
    }

    private void drain() {
        int seen = wanted.get();
        do {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("delivery work failed: {}", e.toString(), e);
            }
            seen = wanted.addAndGet(-seen);
        } while (seen != 0);
    }
}
