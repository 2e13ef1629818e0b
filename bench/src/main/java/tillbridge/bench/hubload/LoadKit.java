package tillbridge.bench.hubload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the load harnesses share: the box-office and agent API calls they make, /proc and /metrics readings. */
final class LoadKit {
    private static final Pattern JSON_STRING = Pattern.compile("\"(%s)\"\\s*:\\s*\"([^\"]*)\"");

    private LoadKit() {
    }

    /** For each of {@code n} new sites: create it, issue a code, register an agent; {@code concurrency} at a time, round the hubs. Returns agent tokens. */
    static List<String> register(HttpClient http, List<String> bases, String key, int n, int concurrency) throws Exception {
        List<String> tokens = new ArrayList<>();
        Semaphore gate = new Semaphore(concurrency);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String base = bases.get(i % bases.size());
                String name = "load-" + i;
                Callable<String> c = () -> {
                    String site = field(post(http, base + "/api/v1/sites", key, "{\"name\":\"" + name + "\"}"), "id");
                    String code = field(post(http, base + "/api/v1/sites/" + site + "/registration-codes", key, "{}"), "code");
                    return site + " " + field(post(http, base + "/agent/v1/register", null, "{\"code\":\"" + code + "\",\"agent_version\":\"load\"}"), "token");
                };
                fs.add(pool.submit(() -> {
                    gate.acquire();
                    try {
                        return c.call();
                    } finally {
                        gate.release();
                    }
                }));
            }
            for (Future<String> f : fs) tokens.add(f.get());
        }
        return tokens;
    }

    /** CPU time (user + system) a process has used, in clock ticks (1/100 s on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    // ---- small helpers

    /** POST with up to 3 attempts when the connection breaks before an answer (never after one). */
    static String post(HttpClient http, String url, String bearer, String json) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return postOnce(http, url, bearer, json);
            } catch (java.net.http.HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (attempt == 3 || e.getMessage() != null && e.getMessage().contains(" answered ")) throw e;
            }
        }
    }

    static String postOnce(HttpClient http, String url, String bearer, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    static String get(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    static long metric(HttpClient http, String base, String name) {
        // Prometheus text: NAME{labels} VALUE, the value possibly in exponent form
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(get(http, base + "/metrics"));
        return m.find() ? (long) Double.parseDouble(m.group(2)) : -1;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile(JSON_STRING.pattern().formatted(Pattern.quote(name))).matcher(json);
        if (!m.find()) throw new IllegalStateException("no '" + name + "' in " + json);
        return m.group(2);
    }

    /** A number from /proc/PID/status (VmRSS in kB, Threads). */
    static long procStatus(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue());
        return out;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check c, int seconds, java.util.function.Supplier<String> failure) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > until) throw new IllegalStateException(failure.get());
            Thread.sleep(200);
        }
    }

    static void say(String fmt, Object... args) {
        System.out.println("hubload: " + fmt.formatted(args));
    }
}
