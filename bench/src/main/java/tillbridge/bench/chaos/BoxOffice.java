package tillbridge.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The box office's side of the hub API. A call made while the hub is down (killed by the harness)
 * is tried again for up to {@link #PATIENCE}; a job submission is tried again with the same
 * Idempotency-Key, so it makes one job however often it is sent.
 */
final class BoxOffice {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;
    private final String apiKey;

    BoxOffice(String hubUrl, String apiKey) {
        this.base = hubUrl + "/api/v1";
        this.apiKey = apiKey;
    }

    String createSite(String name) throws IOException, InterruptedException {
        return call("POST", "/sites", "{\"name\":\"" + name + "\"}", null).get("id").asText();
    }

    String registrationCode(String site) throws IOException, InterruptedException {
        return call("POST", "/sites/" + site + "/registration-codes", null, null).get("code").asText();
    }

    boolean connected(String site) throws IOException, InterruptedException {
        return call("GET", "/sites/" + site, null, null).path("connected").asBoolean();
    }

    /** Submits a payment; returns the job id (201, or 200 for a replay of the same key). */
    String pay(String site, long amount, String key) throws IOException, InterruptedException {
        return call("POST", "/sites/" + site + "/jobs", "{\"type\":\"payment\",\"amount\":" + amount + ",\"currency\":\"PLN\",\"reference\":\"" + key + "\"}", key)
                .get("id").asText();
    }

    String state(String job) throws IOException, InterruptedException {
        return call("GET", "/jobs/" + job, null, null).path("state").asText();
    }

    private JsonNode call(String method, String path, String body, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        HttpRequest request = b.build();
        long end = System.nanoTime() + PATIENCE.toNanos();
        String last;
        while (true) {
            HttpResponse<String> r = null;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString(); // the hub is down or restarting
            }
            if (r != null && r.statusCode() / 100 == 2) return JSON.readTree(r.body());
            if (r != null && r.statusCode() / 100 == 4) throw new IOException(method + " " + path + ": " + last);
            if (System.nanoTime() > end) throw new IOException(method + " " + path + ": no answer within " + PATIENCE.toSeconds() + " s: " + last);
            Thread.sleep(250);
        }
    }
}
