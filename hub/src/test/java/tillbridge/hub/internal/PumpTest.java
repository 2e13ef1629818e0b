package tillbridge.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PumpTest {
    @Test
    void aFailedRunLeavesThePumpArmed() {
        AtomicInteger runs = new AtomicInteger();
        Pump p = new Pump(Runnable::run, () -> {
            if (runs.incrementAndGet() == 1) throw new IllegalStateException("database down");
        });

        p.request();
        p.request();

        assertThat(runs).hasValue(2);
    }

    @Test
    void aRejectedStartDoesNotSwallowLaterRequests() {
        AtomicInteger runs = new AtomicInteger();
        boolean[] reject = {true};
        Executor flaky = r -> {
            if (reject[0]) throw new RejectedExecutionException("busy");
            r.run();
        };
        Pump p = new Pump(flaky, runs::incrementAndGet);

        p.request();
        reject[0] = false;
        p.request();

        assertThat(runs).hasValue(1);
    }
}
