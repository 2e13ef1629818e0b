package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tillbridge.hub.internal.Model.Site;

/**
 * Sites, registration codes and agent tokens (codes and tokens stored as SHA-256 only). A deleted
 * site ({@link SiteRemoval}) is not found. An agent's requests are authenticated through a
 * short-lived memory of tokens verified lately ({@link Verified}): a token replaced by a new
 * registration, or its site deleted, stops working at once on the node that did it and within
 * {@link Verified#FOR} on the others. Opening a stream or a poll always asks the database
 * ({@link DeliveryStore#connect}).
 */
public final class SiteStore {
    private static final String COLUMNS =
            "id, tenant_id, name, created_at, agent_version, agent_status, registered_at, last_seen_at";

    private final Db db;
    private final Clock clock;
    private final Verified<Agent> verified;

    public SiteStore(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.verified = new Verified<>(clock);
    }

    /** The site an agent token belongs to. */
    public record Agent(String siteId, String tenantId) {}

    /** A successful registration: the token is handed to the agent once and never again. */
    public record Registration(String siteId, String token) {
        @Override
        public String toString() {
            return "Registration[" + siteId + ", token=<hidden>]";
        }
    }

    public Site create(String tenantId, String name) {
        Instant now = clock.instant();
        Site s = new Site(Secrets.id("site"), tenantId, name, now, null, null, null, null);
        db.tx(c -> Db.update(c, "INSERT INTO sites (id, tenant_id, name, created_at) VALUES (?, ?, ?, ?)",
                s.id(), tenantId, name, now));
        return s;
    }

    public Optional<Site> get(String tenantId, String siteId) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT " + COLUMNS + " FROM sites WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL", siteId, tenantId);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(site(rs)) : Optional.empty();
            }
        });
    }

    /** A page of a tenant's sites in id order, starting after {@code afterId} (null: from the start). */
    public List<Site> list(String tenantId, String afterId, int limit) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT " + COLUMNS + " FROM sites WHERE tenant_id = ? AND id > ? AND deleted_at IS NULL ORDER BY id",
                    tenantId, afterId == null ? "" : afterId)) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Site> out = new ArrayList<>();
                    while (rs.next()) out.add(site(rs));
                    return out;
                }
            }
        });
    }

    /** A new one-time registration code for the site, valid for {@code validity}. */
    public String newCode(String siteId, Duration validity) {
        String code = Secrets.registrationCode();
        Instant now = clock.instant();
        db.tx(c -> Db.update(c, "INSERT INTO registration_codes (code_hash, site_id, expires_at, created_at) VALUES (?, ?, ?, ?)",
                Secrets.sha256(Secrets.normaliseCode(code)), siteId, now.plus(validity), now));
        return code;
    }

    /**
     * Exchanges a registration code for a new agent token. A site registered again gets a new
     * token and the old one stops working.
     */
    public Registration register(String typedCode, String agentVersion) {
        String code = Secrets.normaliseCode(typedCode);
        if (code == null) {
            throw HubException.invalid("registration code must be " + Secrets.CODE_LENGTH + " characters of 0-9 and A-Z without I, L, O, U (dashes ignored)");
        }
        String token = Secrets.token();
        Instant now = clock.instant();
        String siteId = db.tx(c -> {
            String site;
            try (PreparedStatement ps = Db.prepare(c, "SELECT site_id, expires_at, used_at FROM registration_codes WHERE code_hash = ?", Secrets.sha256(code));
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw HubException.invalid("registration code not recognised; ask the box office for a new one");
                if (rs.getObject("used_at") != null) throw HubException.conflict("registration code was used already; ask the box office for a new one");
                if (Db.instant(rs, "expires_at").isBefore(now)) {
                    throw HubException.gone("registration code expired at " + Db.instant(rs, "expires_at") + "; ask the box office for a new one");
                }
                site = rs.getString("site_id");
            }
            if (Db.update(c, "UPDATE registration_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL", now, Secrets.sha256(code)) != 1) {
                throw HubException.conflict("registration code was used already; ask the box office for a new one");
            }
            Db.update(c, "UPDATE sites SET agent_token_hash = ?, agent_version = ?, registered_at = ?, last_seen_at = ? WHERE id = ?",
                    Secrets.sha256(token), agentVersion, now, now, site);
            return site;
        });
        verified.forgetAll();
        return new Registration(siteId, token);
    }

    public Optional<Agent> byToken(String token) {
        return verified.owner(Secrets.sha256(token), h -> db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, tenant_id FROM sites WHERE agent_token_hash = ?", h);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Verified.Found<>(new Agent(rs.getString(1), rs.getString(2)), null)) : Optional.empty();
            }
        }));
    }

    /** A site was deleted on this node: its agent's token stops working here at once. */
    void forgetVerified() {
        verified.forgetAll();
    }

    /** Records what the agent reported about itself; null arguments leave the stored value. */
    public void recordStatus(String siteId, String agentVersion, JsonNode status) {
        Instant now = clock.instant();
        db.tx(c -> Db.update(c, "UPDATE sites SET agent_version = COALESCE(?, agent_version), agent_status = COALESCE(?, agent_status), last_seen_at = ? WHERE id = ?",
                agentVersion, status == null ? null : Json.write(status), now, siteId));
    }

    static Site site(ResultSet rs) throws SQLException {
        String status = rs.getString("agent_status");
        return new Site(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), Db.instant(rs, "created_at"),
                rs.getString("agent_version"), status == null ? null : Json.read(status),
                Db.instant(rs, "registered_at"), Db.instant(rs, "last_seen_at"));
    }
}
