package tillbridge.nexo;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * nexo ServiceIDs: 10 characters {@code [0-9A-Z]}, a counter that starts at a random point of the
 * 36^10 space, so ids are unique within a run and, with overwhelming probability, across restarts.
 */
public final class ServiceIds {
    private static final long SPACE = 3_656_158_440_062_976L; // 36^10
    private final AtomicLong next;

    public ServiceIds() {
        this(new SecureRandom().nextLong(SPACE));
    }

    ServiceIds(long start) {
        next = new AtomicLong(start);
    }

    public String next() {
        long n = Math.floorMod(next.getAndIncrement(), SPACE);
        String s = Long.toString(n, 36).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(10 - s.length()) + s;
    }
}
