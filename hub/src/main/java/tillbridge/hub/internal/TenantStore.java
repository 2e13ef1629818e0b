package tillbridge.hub.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;
import tillbridge.hub.internal.Model.Tenant;

/** Tenants and their API keys (stored as SHA-256 only). */
public final class TenantStore {
    private final Db db;
    private final Clock clock;

    public TenantStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
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
        String key = Secrets.token();
        Tenant t = new Tenant(Secrets.id("ten"), name);
        try {
            db.tx(c -> Db.update(c, "INSERT INTO tenants (id, name, api_key_hash, created_at) VALUES (?, ?, ?, ?)",
                    t.id(), t.name(), Secrets.sha256(key), clock.instant()));
        } catch (Db.Failure f) {
            if ("23505".equals(f.sqlState())) throw new IllegalArgumentException("a tenant named '" + name + "' exists already");
            throw f;
        }
        return new Created(t, key);
    }

    public Optional<Tenant> byApiKey(String apiKey) {
        String h = Secrets.sha256(apiKey);
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, name FROM tenants WHERE api_key_hash = ?", h);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Tenant(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        });
    }
}
