package tillbridge.hub.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Credentials this node verified lately (API keys, agent tokens), so that a client's every request
 * does not cost a database query. Keyed by the secret's SHA-256, the form the store keeps (never
 * the secret itself); an answer is trusted for {@link #FOR} after the store gave it, and never
 * past the credential's own expiry. Only found credentials are kept, so a key just issued works
 * at once. A revocation made on another node holds here within {@link #FOR}; one made on this
 * node at once ({@link #forgetAll}). At most {@value #MAX} entries: beyond, it starts afresh.
 */
final class Verified<T> {
    /** How long a verified credential is trusted without asking the store again. */
    static final Duration FOR = Duration.ofSeconds(10);
    static final int MAX = 100_000;

    /** What the store answered: the credential's owner, and when the credential expires (null: never). */
    record Found<T>(T owner, Instant expiresAt) {}

    private record Entry<T>(T owner, Instant until) {}

    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    Verified(Clock clock) {
        this.clock = clock;
    }

    /** The owner of the secret whose SHA-256 is {@code hash}, from memory or else from {@code store}. */
    Optional<T> owner(String hash, Function<String, Optional<Found<T>>> store) {
        // read before the store is asked: an entry never outlives what the store said by more than FOR
        Instant now = clock.instant();
        Entry<T> e = entries.get(hash);
        if (e != null && now.isBefore(e.until())) return Optional.of(e.owner());
        Optional<Found<T>> found = store.apply(hash);
        if (found.isEmpty()) {
            if (e != null) entries.remove(hash, e);
            return Optional.empty();
        }
        Instant until = now.plus(FOR);
        Instant expires = found.get().expiresAt();
        if (entries.size() >= MAX) entries.clear();
        entries.put(hash, new Entry<>(found.get().owner(), expires != null && expires.isBefore(until) ? expires : until));
        return Optional.of(found.get().owner());
    }

    /** A credential was revoked or replaced on this node: nothing verified before holds any longer. */
    void forgetAll() {
        entries.clear();
    }
}
