package tillbridge.bench.hubload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load harness: how much hub heap does one idle agent stream cost?
 *
 * <p>Starts {@code hub.jar} as a child process with the given {@code -Xmx} on a fresh H2 data
 * directory, creates a tenant, registers N sites through the real API (site, code, register),
 * then opens N agent streams ({@code GET /agent/v1/stream?ping=P}) from raw non-blocking sockets
 * on one selector thread, bound round-robin to source addresses 127.0.0.2, 127.0.0.3, … (one
 * source address has ~28k ephemeral ports). It holds them, counting pings, then forces a full GC
 * in the hub ({@code jcmd PID GC.run}) and reads the hub's {@code /metrics} heap figure before
 * and after the streams. Loopback only; every loop is bounded; the hub is stopped at the end.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar tillbridge.bench.hubload.IdleStreams \
 *     --hub-jar hub/target/hub.jar --xmx 2g --streams 10000 --ping 30 --hold 75
 * </pre>
 */
public final class IdleStreams {
    private static final Pattern JSON_STRING = Pattern.compile("\"(%s)\"\\s*:\\s*\"([^\"]*)\"");

    record Options(Path hubJar, String xmx, int streams, int ping, int hold, int sources, int port, int concurrency) {
        static Options parse(String[] args) {
            Path jar = Path.of("hub/target/hub.jar");
            String xmx = "2g";
            int n = 1000, ping = 30, hold = 75, sources = 4, port = 18_600, conc = 16;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--hub-jar" -> jar = Path.of(v);
                    case "--xmx" -> xmx = v;
                    case "--streams" -> n = Integer.parseInt(v);
                    case "--ping" -> ping = Integer.parseInt(v);
                    case "--hold" -> hold = Integer.parseInt(v);
                    case "--sources" -> sources = Integer.parseInt(v);
                    case "--port" -> port = Integer.parseInt(v);
                    case "--concurrency" -> conc = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --hub-jar PATH --xmx SIZE --streams N --ping S --hold S --sources K --port P --concurrency C");
                }
                i++;
            }
            if (n < 1 || n > 200_000) throw new IllegalArgumentException("--streams must be 1..200000");
            if (hold < 1 || hold > 3600) throw new IllegalArgumentException("--hold must be 1..3600 seconds");
            if (sources < 1 || sources > 200) throw new IllegalArgumentException("--sources must be 1..200");
            return new Options(jar, xmx, n, ping, hold, sources, port, conc);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        // the hub closes idle connections after 30 s; drop pooled ones sooner so no POST meets a closed socket
        System.setProperty("jdk.httpclient.keepalive.timeout", "10");
        Path data = Files.createTempDirectory("hubload");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String key = run(List.of(java, "-jar", o.hubJar().toString(), "tenant", "create", "load", "--data", data.toString(), "-q")).trim();
        Path log = data.resolve("hub.log");
        Process hub = new ProcessBuilder(java, "-Xmx" + o.xmx(), "-Xms" + o.xmx(), "-XX:+UseG1GC", "-jar", o.hubJar().toString(), "serve",
                "--listen", "127.0.0.1:" + o.port(), "--data", data.toString(), "-q")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + o.port();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        try {
            waitUntil(() -> get(http, base + "/healthz").contains("ok"), 60, () -> "hub did not come up (see " + log + ")");
            long t0 = System.nanoTime();
            List<String> tokens = register(http, base, key, o);
            double regSeconds = (System.nanoTime() - t0) / 1e9;
            say("registered %d sites in %.1f s (%.0f registrations/s)", tokens.size(), regSeconds, tokens.size() / regSeconds);

            run(List.of(jcmd, Long.toString(hub.pid()), "GC.run"));
            long before = metric(http, base, "hub_heap_used_bytes");
            long rssBefore = procStatus(hub.pid(), "VmRSS");
            say("hub heap after GC, no streams: %.1f MiB; RSS %.1f MiB", before / 1048576.0, rssBefore / 1024.0);

            try (Streams s = new Streams(o, tokens)) {
                long c0 = System.nanoTime();
                s.openAll();
                waitUntil(() -> metric(http, base, "hub_agent_streams") >= o.streams(), 300,
                        () -> "hub holds only " + metric(http, base, "hub_agent_streams") + " streams");
                say("%d streams open in %.1f s (%d answered 200, %d failed)", o.streams(), (System.nanoTime() - c0) / 1e9, s.ok, s.failed);
                long holdUntil = System.nanoTime() + Duration.ofSeconds(o.hold()).toNanos();
                while (System.nanoTime() < holdUntil) s.pump(1000);
                run(List.of(jcmd, Long.toString(hub.pid()), "GC.run"));
                long after = metric(http, base, "hub_heap_used_bytes");
                long rssAfter = procStatus(hub.pid(), "VmRSS");
                long threads = procStatus(hub.pid(), "Threads");
                long held = metric(http, base, "hub_agent_streams");
                say("held %d streams for %d s with ping %d s: %d pings received, %d streams closed by the hub",
                        held, o.hold(), o.ping(), s.pings, s.closed);
                say("hub heap after GC with streams: %.1f MiB; RSS %.1f MiB; %d threads", after / 1048576.0, rssAfter / 1024.0, threads);
                say("RESULT streams=%d xmx=%s heap_per_stream=%.0f B rss_per_stream=%.0f B pings=%d closed=%d",
                        held, o.xmx(), (after - before) / (double) held, (rssAfter - rssBefore) * 1024.0 / held, s.pings, s.closed);
            }
        } finally {
            hub.destroy();
            hub.waitFor();
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Tenant → N × (site, code, register), {@code concurrency} at a time. Returns agent tokens. */
    static List<String> register(HttpClient http, String base, String key, Options o) throws Exception {
        List<Callable<String>> work = new ArrayList<>();
        for (int i = 0; i < o.streams(); i++) {
            int n = i;
            work.add(() -> {
                String site = field(post(http, base + "/api/v1/sites", key, "{\"name\":\"load-" + n + "\"}"), "id");
                String code = field(post(http, base + "/api/v1/sites/" + site + "/registration-codes", key, "{}"), "code");
                return field(post(http, base + "/agent/v1/register", null, "{\"code\":\"" + code + "\",\"agent_version\":\"load\"}"), "token");
            });
        }
        List<String> tokens = new ArrayList<>();
        Semaphore gate = new Semaphore(o.concurrency());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> fs = new ArrayList<>();
            for (Callable<String> c : work) {
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

    /** N raw HTTP/1.1 stream requests on one selector; counts pings; never writes after the request. */
    static final class Streams implements AutoCloseable {
        private static final int IN_FLIGHT = 256;
        private final Options o;
        private final List<String> tokens;
        private final Selector selector = Selector.open();
        private final ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        int ok, failed, closed;
        long pings;
        private int connecting;

        Streams(Options o, List<String> tokens) throws IOException {
            this.o = o;
            this.tokens = tokens;
        }

        void openAll() throws IOException {
            for (int i = 0; i < tokens.size(); i++) {
                while (connecting >= IN_FLIGHT) pump(100);
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.bind(new InetSocketAddress("127.0.0." + (2 + i % o.sources()), 0));
                String req = "GET /agent/v1/stream?ping=" + o.ping() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                        + "Authorization: Bearer " + tokens.get(i) + "\r\n\r\n";
                ch.connect(new InetSocketAddress("127.0.0.1", o.port()));
                ch.register(selector, SelectionKey.OP_CONNECT, new Conn(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII))));
                connecting++;
            }
            long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (connecting > 0 && System.nanoTime() < until) pump(100);
        }

        private static final class Conn {
            final ByteBuffer request;
            boolean headers;
            int matched;     // progress through "event: ping" across reads

            Conn(ByteBuffer request) {
                this.request = request;
            }
        }

        private static final byte[] PING = "event: ping".getBytes(StandardCharsets.US_ASCII);

        void pump(long millis) throws IOException {
            selector.select(millis);
            for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey k = it.next();
                it.remove();
                SocketChannel ch = (SocketChannel) k.channel();
                Conn c = (Conn) k.attachment();
                try {
                    if (k.isConnectable()) {
                        ch.finishConnect();
                        ch.write(c.request);
                        k.interestOps(SelectionKey.OP_READ);
                    } else if (k.isReadable()) {
                        buf.clear();
                        int n = ch.read(buf);
                        if (n < 0) {
                            closed++;
                            k.cancel();
                            ch.close();
                            continue;
                        }
                        buf.flip();
                        if (!c.headers) {
                            c.headers = true;
                            connecting--;
                            byte[] head = new byte[Math.min(12, buf.remaining())];
                            buf.get(buf.position(), head);
                            if (new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) ok++;
                            else failed++;
                        }
                        while (buf.hasRemaining()) {
                            byte b = buf.get();
                            c.matched = b == PING[c.matched] ? c.matched + 1 : (b == PING[0] ? 1 : 0);
                            if (c.matched == PING.length) {
                                pings++;
                                c.matched = 0;
                            }
                        }
                    }
                } catch (IOException e) {
                    failed++;
                    if (!c.headers) connecting--;
                    c.headers = true;
                    k.cancel();
                    ch.close();
                }
            }
        }

        @Override
        public void close() throws IOException {
            for (SelectionKey k : selector.keys()) k.channel().close();
            selector.close();
        }
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
