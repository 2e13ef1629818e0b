package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryPumpTest {
    /** Retries asked for, run by hand (virtual time). */
    final List<Duration> delays = new ArrayList<>();
    final List<Runnable> retries = new ArrayList<>();
    final DeliveryPump.Later later = (delay, task) -> {
        delays.add(delay);
        retries.add(task);
    };

    @Test
    void aFailedRunLeavesThePumpArmed() {
        AtomicInteger runs = new AtomicInteger();
        DeliveryPump p = new DeliveryPump(Runnable::run, () -> {
            if (runs.incrementAndGet() == 1) throw new IllegalStateException("database down");
        }, later);

        p.request();
        p.request();

        assertThat(runs).hasValue(2);
    }

    @Test
    void aFailedRunRunsAgainByItselfWithGrowingDelaysUntilItSucceeds() {
        AtomicInteger runs = new AtomicInteger();
        DeliveryPump p = new DeliveryPump(Runnable::run, () -> {
            if (runs.incrementAndGet() <= 7) throw new IllegalStateException("database down");
        }, later);

        p.request();
        for (int i = 0; i < retries.size(); i++) retries.get(i).run();   // the timer fires, nothing else asks

        assertThat(runs).as("ran until it succeeded, with no further request").hasValue(8);
        assertThat(delays).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
    }

    @Test
    void aSuccessStartsTheRetryDelaysOver() {
        AtomicInteger runs = new AtomicInteger();
        DeliveryPump p = new DeliveryPump(Runnable::run, () -> {
            int n = runs.incrementAndGet();
            if (n == 1 || n == 2 || n == 4) throw new IllegalStateException("blip");
        }, later);

        p.request();
        retries.get(0).run();
        retries.get(1).run();
        p.request();

        assertThat(delays).extracting(Duration::toSeconds).containsExactly(1L, 2L, 1L);
    }

    @Test
    void aRejectedStartDoesNotSwallowLaterRequests() {
        AtomicInteger runs = new AtomicInteger();
        boolean[] reject = {true};
        Executor flaky = r -> {
            if (reject[0]) throw new RejectedExecutionException("busy");
            r.run();
        };
        DeliveryPump p = new DeliveryPump(flaky, runs::incrementAndGet, later);

        p.request();
        reject[0] = false;
        p.request();

        assertThat(runs).hasValue(1);
    }
}
