package tillbridge.frob.lock;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lock shared by the sessions of one process ({@code --listen}). */
public final class InProcessLock implements TransactionLock {
    private static final Logger log = LoggerFactory.getLogger(InProcessLock.class);

    private final AtomicReference<String> holder = new AtomicReference<>();

    @Override
    public boolean tryAcquire(String session) {
        if (holder.compareAndSet(null, session)) return true;
        String other = holder.get();
        if (session.equals(other)) return true;
        log.info("transaction lock held by session {}", other);
        return false;
    }

    @Override
    public void release(String session) {
        holder.compareAndSet(session, null);
    }

    /** The session holding the lock, or null. */
    public String holder() {
        return holder.get();
    }

    @Override
    public String toString() {
        return "in-process lock";
    }
}
