package tillbridge.hub.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import tillbridge.hub.internal.Model.Tenant;

/** Tenants, each made with its first API key ({@link ApiKeyStore}: stored as SHA-256 only). */
public final class TenantStore {
    private final Db db;
    private final Clock clock;
    private final ApiKeyStore keys;

    public TenantStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.keys = new ApiKeyStore(db, clock);
    }

    /** A new tenant and its API key; the key is returned here once and never again. */
    public record Created(Tenant tenant, String apiKey) {
        @Override
        public String toString() {
            return "Created[" + tenant + ", apiKey=<hidden>]";
        }
    }

    public Created create(String name) {
        if (name.isBlank() || name.length() > 200) throw new IllegalArgumentException("tenant name must have 1..200 characters");
        Tenant t = new Tenant(Secrets.id("ten"), name);
        Instant now = clock.instant();
        try {
            return db.tx(c -> {
                Db.update(c, "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)", t.id(), t.name(), now);
                return new Created(t, ApiKeyStore.issue(c, t.id(), null, now).apiKey());
            });
        } catch (Db.Failure f) {
            if ("23505".equals(f.sqlState())) throw new IllegalArgumentException("a tenant named '" + name + "' exists already");
            throw f;
        }
    }

    /** The tenant of a valid (not revoked, not expired) API key. */
    public Optional<Tenant> byApiKey(String apiKey) {
        return keys.tenantOf(apiKey);
    }

    /** The API keys, one store per node: a revocation through it holds on this node at once. */
    public ApiKeyStore keys() {
        return keys;
    }

    /** The tenant with this id, else the one with this name. */
    public Optional<Tenant> find(String idOrName) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, name FROM tenants WHERE id = ? OR name = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END",
                    idOrName, idOrName, idOrName);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Tenant(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        });
    }
}
