package tillbridge.hub.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import tillbridge.contract.Fields;
import tillbridge.contract.InvalidField;

/**
 * Admin commands while the hub runs on H2. H2 locks its file to one process, so `hub tenant
 * create` cannot open the store next to a running hub; instead the hub listens on a loopback-only
 * port for admin requests and records port and a random token in {@code DATA/admin.json} (0600,
 * inside the 0700 data directory): whoever can read it could read the store anyway. The file is
 * removed when the hub stops.
 *
 * <pre>
 * POST /admin/v1/tenants   Authorization: Bearer TOKEN   {"name": "Venue Co"}
 *   → 201 {"id": "ten_…", "api_key": "…"}   409 name taken   401 wrong token
 * </pre>
 */
public final class AdminEndpoint implements AutoCloseable {
    static final String FILE = "admin.json";
    private final HttpServer server;
    private final Path file;

    private AdminEndpoint(HttpServer server, Path file) {
        this.server = server;
        this.file = file;
    }

    /** Starts listening on a loopback port and writes {@code dir/admin.json}. */
    public static AdminEndpoint start(Path dir, TenantStore tenants, ExecutorService executor) throws IOException {
        String token = Secrets.token();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/admin/v1/tenants", ex -> handle(ex, token, tenants));
        server.start();
        Path file = dir.resolve(FILE);
        try {
            ObjectNode o = Json.object().put("port", server.getAddress().getPort()).put("token", token);
            Path tmp = Files.createTempFile(dir, "admin", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, Json.bytes(o));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            server.stop(0);
            throw e;
        }
        return new AdminEndpoint(server, file);
    }

    private static void handle(HttpExchange ex, String token, TenantStore tenants) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
                reply(ex, 401, Exchange.errorJson("unauthorized", "admin token not recognised"));
                return;
            }
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/admin/v1/tenants")) {
                reply(ex, 404, Exchange.errorJson("not_found", "admin endpoint " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath()));
                return;
            }
            try (InputStream in = ex.getRequestBody()) {
                String name = new Fields(Json.parseObject(in.readNBytes(4096))).only(Set.of("name")).string("name", 200);
                TenantStore.Created c = tenants.create(name);
                reply(ex, 201, Json.object().put("id", c.tenant().id()).put("api_key", c.apiKey()));
            } catch (ApiError | InvalidField refusal) {
                ApiError e = ApiError.of(refusal);
                reply(ex, e.status(), Exchange.errorJson(e.code(), e.getMessage()));
            } catch (IllegalArgumentException e) {
                reply(ex, 409, Exchange.errorJson("conflict", e.getMessage()));
            }
        }
    }

    private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] b = Json.bytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    /**
     * Asks the hub running on {@code dir} to create a tenant. Empty when no hub left an
     * {@code admin.json} there; IllegalArgumentException when the hub refuses the name.
     */
    public static Optional<TenantStore.Created> createTenant(Path dir, String name) throws IOException, InterruptedException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        JsonNode a = Json.read(Files.readString(file, StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + a.path("port").asInt()
                        + "/admin/v1/tenants"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + a.path("token").asText())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(Json.object().put("name", name)))).build();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.read(r.body());
            if (r.statusCode() == 201) {
                return Optional.of(new TenantStore.Created(new Model.Tenant(body.path("id").asText(), name), body.path("api_key").asText()));
            }
            if (r.statusCode() == 409 || r.statusCode() == 400) throw new IllegalArgumentException(body.path("message").asText());
            throw new IOException("the running hub refused the admin request: " + r.statusCode() + " " + body.path("message").asText());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
