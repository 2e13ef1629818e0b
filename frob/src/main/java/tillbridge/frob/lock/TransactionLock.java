package tillbridge.frob.lock;

import java.util.Objects;

/**
 * One transaction at a time (docs/frob.md): a sale holds the lock from the moment its S1 is
 * forwarded until its S2 is sent to the ECR. Taking it never waits: a second ECR's sale is answered
 * "busy" at once. Held by session id, so a release by a session that does not hold it is ignored.
 */
public interface TransactionLock {
    /** Takes the lock for {@code session}; false, at once, when another transaction holds it. */
    boolean tryAcquire(String session);

    /** Gives the lock back if {@code session} holds it. */
    void release(String session);

    /** No lock: every session may run a transaction (one session per process, no --lock). */
    TransactionLock NONE = new TransactionLock() {
        @Override
        public boolean tryAcquire(String session) {
            return true;
        }

        @Override
        public void release(String session) {}

        @Override
        public String toString() {
            return "none";
        }
    };

    /** Both locks, {@code first} taken first; when {@code second} is refused, {@code first} is given back. */
    static TransactionLock both(TransactionLock first, TransactionLock second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        return new TransactionLock() {
            @Override
            public boolean tryAcquire(String session) {
                if (!first.tryAcquire(session)) return false;
                if (second.tryAcquire(session)) return true;
                first.release(session);
                return false;
            }

            @Override
            public void release(String session) {
                second.release(session);
                first.release(session);
            }

            @Override
            public String toString() {
                return first + " and " + second;
            }
        };
    }
}
