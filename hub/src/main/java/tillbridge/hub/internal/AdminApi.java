package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tillbridge.contract.Fields;
import tillbridge.hub.internal.Model.Tenant;

/**
 * {@code /admin/v1}: what an operator does while the hub runs, served only on the admin listener
 * (loopback by default) to a caller with the admin token ({@code Authorization: Bearer TOKEN}).
 * {@code hub admin …} is its client; docs/operations.md lists the calls.
 */
public final class AdminApi {
    /** What an operator changed, one line each (never a key): the hub's audit trail of operations. */
    private static final Logger LOG = LoggerFactory.getLogger("tillbridge.hub.admin");
    /** Longest rotation window and key validity: a year. */
    static final long MAX_HOURS = 24 * 366;
    private final byte[] tokenHash;
    private final TenantStore tenants;
    private final ApiKeyStore keys;
    private final SiteRemoval removal;
    private final Retention retention;
    private final Clock clock;

    public AdminApi(String token, TenantStore tenants, ApiKeyStore keys, SiteRemoval removal, Retention retention, Clock clock) {
        this.tokenHash = Secrets.sha256(token).getBytes(StandardCharsets.US_ASCII);
        this.tenants = tenants;
        this.keys = keys;
        this.removal = removal;
        this.retention = retention;
        this.clock = clock;
    }

    public void routes(Router r) {
        String p = "/admin/v1";
        r.add("POST", p + "/tenants", this::createTenant);
        r.add("GET", p + "/keys", this::listKeys);
        r.add("POST", p + "/keys", this::createKey);
        r.add("POST", p + "/keys/rotate", this::rotate);
        r.add("POST", p + "/keys/{key}/revoke", ex -> {
            admin(ex);
            ApiKeyStore.Key k = keys.revoke(ex.param("key"));
            LOG.info("admin: API key {} of tenant {} revoked (at {})", k.id(), k.tenantId(), k.revokedAt());
            ex.reply(200, k.toJson(clock.instant()));
        });
        r.add("DELETE", p + "/sites/{site}", ex -> {
            admin(ex);
            boolean force = "true".equals(ex.query("force"));
            SiteRemoval.Removed d = removal.remove(ex.param("site"), force);
            if (!d.already()) {
                LOG.info("admin: site {} deleted{}: jobs failed {}, unknown {}; {} documents removed", d.siteId(), force ? " (forced)" : "",
                        d.failed(), d.unknown(), d.documents());
            }
            ex.reply(200, d.toJson());
        });
        r.add("POST", p + "/prune", this::prune);
    }

    /** Compares hashes, so that the time taken says nothing about the token. */
    private void admin(Exchange ex) {
        String t = ex.bearer();
        if (t == null || !MessageDigest.isEqual(Secrets.sha256(t).getBytes(StandardCharsets.US_ASCII), tokenHash)) {
            ex.header("WWW-Authenticate", "Bearer realm=\"tillbridge admin\"");
            throw ApiError.unauthorized("admin token not recognised");
        }
    }

    private void createTenant(Exchange ex) {
        admin(ex);
        String name = new Fields(ex.jsonBody()).only(Set.of("name")).string("name", 200);
        TenantStore.Created c;
        try {
            c = tenants.create(name);
        } catch (IllegalArgumentException e) {
            throw ApiError.conflict(e.getMessage());
        }
        LOG.info("admin: tenant {} created as {}", name, c.tenant().id());
        ex.reply(201, Json.object().put("id", c.tenant().id()).put("name", name).put("api_key", c.apiKey()));
    }

    private void listKeys(Exchange ex) {
        admin(ex);
        String q = ex.query("tenant");
        if (q == null || q.isEmpty() || q.length() > 200) throw ApiError.badRequest("query parameter 'tenant' (its id or name) is required");
        Tenant t = tenant(q);
        ObjectNode out = Json.object().put("tenant_id", t.id()).put("tenant", t.name());
        ArrayNode arr = out.putArray("keys");
        keys.list(t.id()).forEach(k -> arr.add(k.toJson(clock.instant())));
        ex.reply(200, out);
    }

    private void createKey(Exchange ex) {
        admin(ex);
        Fields f = new Fields(ex.jsonBody()).only(Set.of("tenant", "expires_in_hours"));
        Tenant t = tenant(f.string("tenant", 200));
        long hours = f.optInteger("expires_in_hours", 1, MAX_HOURS, 0);
        issued(ex, keys.create(t.id(), hours == 0 ? null : Duration.ofHours(hours)), "created" + (hours == 0 ? "" : ", valid " + hours + " h"));
    }

    private void rotate(Exchange ex) {
        admin(ex);
        Fields f = new Fields(ex.jsonBody()).only(Set.of("tenant", "grace_hours"));
        Tenant t = tenant(f.string("tenant", 200));
        long grace = f.integer("grace_hours", 0, MAX_HOURS);
        issued(ex, keys.rotate(t.id(), Duration.ofHours(grace)), "created by a rotation; the keys valid before stay valid " + grace + " h more at most");
    }

    private void issued(Exchange ex, ApiKeyStore.Issued i, String what) {
        LOG.info("admin: API key {} of tenant {} {}", i.key().id(), i.key().tenantId(), what);
        ex.reply(201, i.key().toJson(clock.instant()).put("api_key", i.apiKey()));
    }

    private void prune(Exchange ex) {
        admin(ex);
        long days = new Fields(ex.jsonBody()).only(Set.of("older_than_days")).optInteger("older_than_days", 1, 36_600, retention.age().toDays());
        if (days == 0) throw ApiError.badRequest("this hub keeps jobs for ever (--keep-jobs-days 0): give 'older_than_days' (1..36600)");
        ex.reply(200, retention.now(Duration.ofDays(days)).toJson());
    }

    private Tenant tenant(String idOrName) {
        return tenants.find(idOrName).orElseThrow(() -> ApiError.notFound("tenant '" + Fields.clip(idOrName) + "'"));
    }
}
