package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import tillbridge.common.io.Problems;
import tillbridge.contract.Fields;

/**
 * The client of a running hub's admin endpoint ({@link AdminApi}), for {@code hub admin …}.
 * Refusals come back as exceptions the CLI turns into one line and an exit code: an
 * {@link IllegalArgumentException} for what the caller must change (an unknown tenant, a taken
 * name, a wrong token: exit 100), an {@link IOException} for what may pass (the hub not running,
 * its database down, a payment still in flight: exit 111).
 */
public final class AdminClient {
    /** 409s that end by themselves: try again later. */
    private static final Set<String> TEMPORARY = Set.of("payment_in_flight", "busy");
    private static final int MAX_ANSWER = 1 << 20;
    private final AdminFile.Endpoint endpoint;

    public AdminClient(AdminFile.Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A tenant and its first API key: {@code {id, name, api_key}}. */
    public JsonNode createTenant(String name) throws IOException, InterruptedException {
        return send("POST", "/tenants", Json.object().put("name", name));
    }

    /** {@code {tenant_id, tenant, keys: [{id, state, created_at, expires_at, revoked_at, last_used_at}]}}. */
    public JsonNode keys(String tenant) throws IOException, InterruptedException {
        return send("GET", "/keys?tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8), null);
    }

    /** A further key valid for {@code hours} (0: until revoked): the key's fields and {@code api_key}. */
    public JsonNode createKey(String tenant, long hours) throws IOException, InterruptedException {
        ObjectNode b = Json.object().put("tenant", tenant);
        if (hours > 0) b.put("expires_in_hours", hours);
        return send("POST", "/keys", b);
    }

    /** A new key; the tenant's current one stays valid {@code graceHours} more. */
    public JsonNode rotate(String tenant, long graceHours) throws IOException, InterruptedException {
        return send("POST", "/keys/rotate", Json.object().put("tenant", tenant).put("grace_hours", graceHours));
    }

    public JsonNode revoke(String keyId) throws IOException, InterruptedException {
        return send("POST", "/keys/" + path(keyId) + "/revoke", Json.object());
    }

    public JsonNode deleteSite(String siteId, boolean force) throws IOException, InterruptedException {
        return send("DELETE", "/sites/" + path(siteId) + (force ? "?force=true" : ""), null);
    }

    /** Prunes what finished more than {@code days} ago (0: the hub's own retention age). */
    public JsonNode prune(long days) throws IOException, InterruptedException {
        ObjectNode b = Json.object();
        if (days > 0) b.put("older_than_days", days);
        return send("POST", "/prune", b);
    }

    private static String path(String id) {
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) throw new IllegalArgumentException("'" + Fields.clip(id) + "' is not an id (letters, digits, _ and -)");
        return id;
    }

    private JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint.url() + "/admin/v1" + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + endpoint.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        if (body != null) b.header("Content-Type", "application/json");
        HttpResponse<byte[]> r;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IOException("cannot reach the hub's admin endpoint at " + endpoint.url() + " ("
                    + (e instanceof java.net.ConnectException ? "connection refused" : Problems.describe(e)) + "); is 'hub serve' running?", e);
        }
        JsonNode answer = answer(r.body());
        if (r.statusCode() / 100 == 2 && answer != null) return answer;
        String message = answer == null ? "HTTP " + r.statusCode() : answer.path("message").asText("HTTP " + r.statusCode());
        if (r.statusCode() == 401) {
            throw new IllegalArgumentException("the hub refused the admin token: use the --data directory of the running hub, or the --admin-token-file it was started with");
        }
        if (r.statusCode() >= 500 || TEMPORARY.contains(answer == null ? "" : answer.path("error").asText())) throw new IOException(message);
        throw new IllegalArgumentException(message);
    }

    private static JsonNode answer(byte[] body) {
        if (body.length == 0 || body.length > MAX_ANSWER) return null;
        try {
            return Json.read(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
