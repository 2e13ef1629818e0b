package tillbridge.agent.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The clock and the waits of the job loops, replaced by a virtual clock in tests. */
public interface Time {
    Time SYSTEM = new Time() {
        @Override
        public Instant now() {
            return Clock.systemUTC().instant();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            Thread.sleep(d);
        }
    };

    Instant now();

    void sleep(Duration d) throws InterruptedException;
}
