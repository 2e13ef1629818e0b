package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.contract.Fields;
import tillbridge.hub.internal.Model.Tenant;

/**
 * A tenant's API keys: stored as SHA-256 only, each valid until revoked or until its expiry. A
 * tenant holds at most {@value #MAX_VALID} valid keys, so that a rotation (a new key while the old
 * one still works for a while) is the only reason for a second one.
 *
 * <p>Every box-office request looks its key up here, in the database every node shares, through
 * a short-lived memory of keys verified lately ({@link Verified}): an expiry holds at once, a
 * revocation or a rotation at once on the node that made it and within {@link Verified#FOR} on
 * every other node.
 */
public final class ApiKeyStore {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyStore.class);
    static final int MAX_VALID = 2;
    private static final String COLUMNS = "id, tenant_id, created_at, expires_at, revoked_at, last_used_at";
    /** How often the keys used meanwhile are written down: at most one write a minute per key, none per request. */
    public static final Duration USE_WRITTEN_EVERY = Duration.ofMinutes(1);

    private final Db db;
    private final Clock clock;
    private final Verified<Tenant> verified;
    private final Map<String, Instant> usedSinceWritten = new ConcurrentHashMap<>();   // key hash → last use

    public ApiKeyStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.verified = new Verified<>(clock);
    }

    /** A key as stored (never the key itself). */
    public record Key(String id, String tenantId, Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
        /** Whether a request with this key is accepted at {@code now}. */
        public boolean validAt(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }

        /** {@code valid}, {@code expired} or {@code revoked} at {@code now}. */
        public String state(Instant now) {
            return revokedAt != null ? "revoked" : validAt(now) ? "valid" : "expired";
        }

        public ObjectNode toJson(Instant now) {
            ObjectNode o = Json.object().put("id", id).put("tenant_id", tenantId).put("state", state(now)).put("created_at", createdAt.toString());
            o.put("expires_at", expiresAt == null ? null : expiresAt.toString());
            o.put("revoked_at", revokedAt == null ? null : revokedAt.toString());
            o.put("last_used_at", lastUsedAt == null ? null : lastUsedAt.toString());
            return o;
        }
    }

    /** A new key: {@code apiKey} is shown here once and never again. */
    public record Issued(Key key, String apiKey) {
        @Override
        public String toString() {
            return "Issued[" + key + ", apiKey=<hidden>]";
        }
    }

    /** The tenant whose valid key this is. */
    public Optional<Tenant> tenantOf(String apiKey) {
        String hash = Secrets.sha256(apiKey);
        Optional<Tenant> t = verified.owner(hash, this::stored);
        if (t.isPresent() && usedSinceWritten.size() < Verified.MAX) usedSinceWritten.put(hash, clock.instant());
        return t;
    }

    /**
     * Writes down when each key used since the last call was last used, in one transaction (the
     * node's timer calls it every {@link #USE_WRITTEN_EVERY}); a use it misses (the node killed
     * before) only leaves the recorded time older. Returns how many keys it wrote.
     */
    public int writeUse() {
        Map<String, Instant> batch = new HashMap<>();
        for (String hash : List.copyOf(usedSinceWritten.keySet())) {
            Instant at = usedSinceWritten.remove(hash);
            if (at != null) batch.put(hash, at);
        }
        if (batch.isEmpty()) return 0;
        try {
            return db.tx(c -> {
                int n = 0;
                for (Map.Entry<String, Instant> e : batch.entrySet()) {
                    // several nodes write: the latest use wins
                    n += Db.update(c, "UPDATE api_keys SET last_used_at = ? WHERE key_hash = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                            e.getValue(), e.getKey(), e.getValue());
                }
                return n;
            });
        } catch (RuntimeException e) {
            batch.forEach((hash, at) -> usedSinceWritten.merge(hash, at, (a, b) -> a.isAfter(b) ? a : b));   // next round
            throw e;
        }
    }

    /** {@link #writeUse} on the node's timer: a failure (the database away) is logged, and the uses wait for the next round. */
    public void writeUseOrLog() {
        try {
            writeUse();
        } catch (RuntimeException e) {
            LOG.warn("could not write API keys' last use (tried again in {} s): {}", USE_WRITTEN_EVERY.toSeconds(), e.toString());
        }
    }

    private Optional<Verified.Found<Tenant>> stored(String hash) {
        Instant now = clock.instant();
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT t.id, t.name, k.expires_at FROM api_keys k JOIN tenants t ON t.id = k.tenant_id "
                    + "WHERE k.key_hash = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)", hash, now);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Verified.Found<>(new Tenant(rs.getString(1), rs.getString(2)), Db.instant(rs, "expires_at")))
                        : Optional.empty();
            }
        });
    }

    /** Every key of the tenant, oldest first. */
    public List<Key> list(String tenantId) {
        return db.tx(c -> keys(c, tenantId));
    }

    /** A further key for the tenant, valid for {@code validity} (null: until revoked); 409 when it holds {@value #MAX_VALID} valid keys. */
    public Issued create(String tenantId, Duration validity) {
        Instant now = clock.instant();
        return db.tx(c -> {
            List<Key> valid = lockValid(c, tenantId, now);
            if (valid.size() >= MAX_VALID) throw tooMany(valid);
            return issue(c, tenantId, validity == null ? null : now.plus(validity), now);
        });
    }

    /**
     * A new key, while the tenant's valid key stays valid for {@code grace} more (zero: revoked at
     * once; a key expiring sooner keeps its expiry). 409 when the tenant holds two valid keys
     * already: a rotation is still under way.
     */
    public Issued rotate(String tenantId, Duration grace) {
        Instant now = clock.instant();
        Instant until = now.plus(grace);
        Issued issued = db.tx(c -> {
            List<Key> valid = lockValid(c, tenantId, now);
            if (valid.size() >= MAX_VALID) throw tooMany(valid);
            for (Key k : valid) {
                if (grace.isZero()) Db.update(c, "UPDATE api_keys SET revoked_at = ? WHERE id = ?", now, k.id());
                else if (k.expiresAt() == null || k.expiresAt().isAfter(until)) Db.update(c, "UPDATE api_keys SET expires_at = ? WHERE id = ?", until, k.id());
            }
            return issue(c, tenantId, null, now);
        });
        verified.forgetAll();
        return issued;
    }

    /** Revokes the key at once (repeats harmless); 404 when no key has this id. */
    public Key revoke(String keyId) {
        Instant now = clock.instant();
        Key revoked = db.tx(c -> {
            Db.update(c, "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now, keyId);
            try (PreparedStatement ps = Db.prepare(c, "SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", keyId);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw HubException.notFound("API key " + Fields.clip(keyId));
                return key(rs);
            }
        });
        verified.forgetAll();
        return revoked;
    }

    /** Inserts a new key of the tenant in the caller's transaction. */
    static Issued issue(Connection c, String tenantId, Instant expiresAt, Instant now) throws SQLException {
        String secret = Secrets.token();
        Key k = new Key(Secrets.id("key"), tenantId, now, expiresAt, null, null);
        Db.update(c, "INSERT INTO api_keys (id, tenant_id, key_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                k.id(), tenantId, Secrets.sha256(secret), now, expiresAt);
        return new Issued(k, secret);
    }

    /** The tenant's valid keys, with the tenant's row locked so that two rotations never both see one key. */
    private static List<Key> lockValid(Connection c, String tenantId, Instant now) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT id FROM tenants WHERE id = ? FOR UPDATE", tenantId); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw HubException.notFound("tenant " + Fields.clip(tenantId));
        }
        return keys(c, tenantId).stream().filter(k -> k.validAt(now)).toList();
    }

    private static HubException.Conflict tooMany(List<Key> valid) {
        return HubException.conflict("the tenant holds " + valid.size() + " valid API keys already (" + String.join(", ", valid.stream().map(Key::id).toList())
                + "); revoke the one no longer used first");
    }

    private static List<Key> keys(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id", tenantId);
             ResultSet rs = ps.executeQuery()) {
            List<Key> out = new ArrayList<>();
            while (rs.next()) out.add(key(rs));
            return out;
        }
    }

    private static Key key(ResultSet rs) throws SQLException {
        return new Key(rs.getString("id"), rs.getString("tenant_id"), Db.instant(rs, "created_at"), Db.instant(rs, "expires_at"),
                Db.instant(rs, "revoked_at"), Db.instant(rs, "last_used_at"));
    }
}
