package tillbridge.hub.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A slow look (a database query for a health check or a scrape) run on the executor, at most one
 * at a time: callers share the run in flight and wait for it no longer than they say, so that a
 * load balancer or a scraper asking often never piles up queries waiting on a database that is down.
 */
final class OneAtATime<T> {
    private final Executor executor;
    private final Callable<T> task;
    private final AtomicReference<CompletableFuture<T>> inFlight = new AtomicReference<>();

    OneAtATime(Executor executor, Callable<T> task) {
        this.executor = executor;
        this.task = task;
    }

    /** The result of the run in flight (or of a new one), waiting at most {@code wait}. */
    T get(Duration wait) throws ExecutionException, TimeoutException, InterruptedException {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> run = inFlight.compareAndExchange(null, mine);
        if (run == null) {
            run = mine;
            executor.execute(() -> {
                try {
                    mine.complete(task.call());
                } catch (Exception e) {
                    mine.completeExceptionally(e instanceof Db.Failure f ? f.getCause() : e);
                } finally {
                    inFlight.compareAndSet(mine, null);
                }
            });
        }
        return run.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
