package tillbridge.bench.hubload;

import static tillbridge.bench.hubload.LoadKit.say;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hub load harness (docs/performance.md, "Hub under load"): hub nodes as child processes on a
 * fresh database of the local PostgreSQL, and simulated agents holding real agent streams.
 *
 * <ul>
 *   <li>{@code idle}: N streams held with pings across the nodes; per node live heap and RSS per
 *       stream (after a full GC) and CPU while idle.</li>
 *   <li>{@code storm}: N streams on one node, which is then restarted: seconds until 99 % are back,
 *       with the database's connection count and the node's CPU sampled.</li>
 *   <li>{@code throughput}: jobs POSTed at offered rates (jobs/s) to sites whose agents are
 *       connected: jobs/s received by the agents and POST → agent p50/p99.</li>
 *   <li>{@code smoke}: all three at a few agents and seconds (run by the integration tests).</li>
 * </ul>
 *
 * Every figure line starts {@code hubload:}; one {@code RESULT} line per measurement.
 */
public final class HubLoad {
    record Options(String mode, Path hubJar, String xmx, int nodes, int streams, int holders, int sources, int ping, int hold,
                   int port, int dbPool, List<Integer> rates, int seconds, List<String> hubArgs, Path work) {
        static Options parse(String[] args) {
            if (args.length == 0) throw new IllegalArgumentException(USAGE);
            String mode = args[0];
            Path jar = Path.of("hub/target/hub.jar");
            String xmx = "1g";
            int nodes = 1, n = 1000, holders = 1, sources = 4, ping = 30, hold = 60, port = 18_600, pool = 8, seconds = 10;
            List<Integer> rates = List.of(1, 100, 1000);
            List<String> hubArgs = new ArrayList<>();
            Path work = null;
            for (int i = 1; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                if (v == null) throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
                switch (args[i]) {
                    case "--hub-jar" -> jar = Path.of(v);
                    case "--xmx" -> xmx = v;
                    case "--nodes" -> nodes = Integer.parseInt(v);
                    case "--streams" -> n = Integer.parseInt(v);
                    case "--holders" -> holders = Integer.parseInt(v);
                    case "--sources" -> sources = Integer.parseInt(v);
                    case "--ping" -> ping = Integer.parseInt(v);
                    case "--hold" -> hold = Integer.parseInt(v);
                    case "--port" -> port = Integer.parseInt(v);
                    case "--db-pool" -> pool = Integer.parseInt(v);
                    case "--rates" -> rates = Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                    case "--seconds" -> seconds = Integer.parseInt(v);
                    case "--hub-arg" -> hubArgs.add(v);
                    case "--work" -> work = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
                i++;
            }
            if (!List.of("idle", "storm", "throughput", "smoke").contains(mode)) throw new IllegalArgumentException("unknown mode " + mode + "; " + USAGE);
            if (n < 1 || n > 200_000) throw new IllegalArgumentException("--streams must be 1..200000");
            if (nodes < 1 || nodes > 8) throw new IllegalArgumentException("--nodes must be 1..8");
            if (holders < 1 || holders > 32) throw new IllegalArgumentException("--holders must be 1..32");
            if (sources < 1 || sources > 200) throw new IllegalArgumentException("--sources must be 1..200");
            if (hold < 1 || hold > 3600) throw new IllegalArgumentException("--hold must be 1..3600 seconds");
            if (seconds < 1 || seconds > 3600) throw new IllegalArgumentException("--seconds must be 1..3600");
            return new Options(mode, jar, xmx, nodes, n, holders, sources, ping, hold, port, pool, rates, seconds, List.copyOf(hubArgs), work);
        }

        List<String> sourceAddresses() {
            List<String> s = new ArrayList<>();
            for (int i = 0; i < sources; i++) s.add("127.0.0." + (2 + i));
            return s;
        }

        Options with(String m, int nodeCount, int n, int holderCount, int holdSeconds) {
            return new Options(m, hubJar, xmx, nodeCount, n, holderCount, sources, ping, holdSeconds, port, dbPool, rates, seconds, hubArgs, work);
        }
    }

    static final String USAGE = "usage: HubLoad idle|storm|throughput|smoke [--hub-jar PATH] [--xmx SIZE] [--nodes K] [--streams N] [--holders H]"
            + " [--sources S] [--ping SECONDS] [--hold SECONDS] [--port P] [--db-pool N] [--rates R,R] [--seconds S] [--hub-arg ARG]... [--work DIR]";

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("hubload: " + e.getMessage());
            System.exit(100);
            return;
        }
        // the hub closes idle connections after 30 s; drop pooled ones sooner so no POST meets a closed socket
        System.setProperty("jdk.httpclient.keepalive.timeout", "10");
        Path work = o.work() != null ? Files.createDirectories(o.work()) : Files.createTempDirectory("hubload");
        say("work directory %s (hub and holder logs)", work);
        switch (o.mode()) {
            case "idle" -> idle(o, work);
            case "storm" -> storm(o, work);
            case "throughput" -> throughput(o, work);
            default -> {
                idle(o.with("idle", 2, 40, 2, 5), work.resolve("idle"));
                storm(o.with("storm", 1, 40, 1, 5), work.resolve("storm"));
                throughput(new Options("throughput", o.hubJar(), o.xmx(), 1, 10, 1, 1, o.ping(), 1, o.port(), o.dbPool(), List.of(1, 20), 3,
                        o.hubArgs(), o.work()), work.resolve("throughput"));
            }
        }
        System.exit(0); // holder reader threads are daemons; the HTTP client's are not
    }

    private static HubNodes nodes(Options o, Path work) throws Exception {
        Files.createDirectories(work);
        return new HubNodes(o.hubJar(), o.xmx(), o.nodes(), o.port(), o.dbPool(), o.hubArgs(), work);
    }

    /** "site token" lines → tokens, after registering {@code n} agents round the nodes. */
    private static List<String> register(HubNodes hubs, int n) throws Exception {
        long t0 = System.nanoTime();
        List<String> pairs = LoadKit.register(hubs.http, hubs.bases(), hubs.apiKey, n, 16 * hubs.count());
        double s = (System.nanoTime() - t0) / 1e9;
        say("registered %d sites in %.1f s (%.0f registrations/s)", n, s, n / s);
        return pairs;
    }

    private static List<String> tokens(List<String> pairs) {
        return pairs.stream().map(p -> p.substring(p.indexOf(' ') + 1)).toList();
    }

    private static List<Integer> ports(HubNodes hubs) {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < hubs.count(); i++) p.add(hubs.port(i));
        return p;
    }

    private static void awaitOpen(Holders h, long n, int seconds) throws Exception {
        long t0 = System.nanoTime();
        LoadKit.waitUntil(() -> h.open() >= n, seconds, () -> "only " + h.open() + " of " + n + " streams open (refused "
                + h.refused() + ", failed " + h.failed() + ")");
        say("%d streams open in %.1f s (%d refused with Retry-After on the way, %d failed attempts)", n, (System.nanoTime() - t0) / 1e9,
                h.refused(), h.failed());
    }

    static void idle(Options o, Path work) throws Exception {
        try (HubNodes hubs = nodes(o, work)) {
            List<String> tokens = tokens(register(hubs, o.streams()));
            long[][] before = new long[hubs.count()][];
            for (int i = 0; i < hubs.count(); i++) {
                before[i] = hubs.memoryAfterGc(i);
                say("node %d, no streams, after GC: heap %.1f MiB, RSS %.1f MiB", i, before[i][0] / 1048576.0, before[i][1] / 1024.0);
            }
            try (Holders h = new Holders(tokens, ports(hubs), o.sourceAddresses(), o.ping(), o.holders(), work)) {
                awaitOpen(h, o.streams(), 900);
                long[] cpu0 = new long[hubs.count()];
                for (int i = 0; i < hubs.count(); i++) cpu0[i] = LoadKit.cpuTicks(hubs.pid(i));
                long pings0 = h.pings();
                long t0 = System.nanoTime();
                Thread.sleep(Duration.ofSeconds(o.hold()));
                double held = (System.nanoTime() - t0) / 1e9;
                long pings = h.pings() - pings0;
                say("held %d streams for %.0f s, ping every %d s: %d pings received (%.0f/s), %d streams closed by the hubs",
                        h.open(), held, o.ping(), pings, pings / held, h.closed());
                for (int i = 0; i < hubs.count(); i++) {
                    double cpu = (LoadKit.cpuTicks(hubs.pid(i)) - cpu0[i]) / 100.0 / held * 100;
                    long streams = LoadKit.metric(hubs.http, hubs.base(i), "hub_agent_streams");
                    long[] after = hubs.memoryAfterGc(i);
                    long threads = LoadKit.procStatus(hubs.pid(i), "Threads");
                    say("RESULT idle node=%d streams=%d xmx=%s heap_per_stream=%.0f B rss_per_stream=%.0f B cpu_idle=%.1f %% threads=%d"
                                    + " heap=%.1f MiB rss=%.1f MiB", i, streams, o.xmx(), (after[0] - before[i][0]) / (double) streams,
                            (after[1] - before[i][1]) * 1024.0 / streams, cpu, threads, after[0] / 1048576.0, after[1] / 1024.0);
                }
                say("RESULT idle total streams=%d nodes=%d pings_per_s=%.0f closed=%d", h.open(), hubs.count(), pings / held, h.closed());
            }
        }
    }

    static void storm(Options o, Path work) throws Exception {
        try (HubNodes hubs = nodes(o.with("storm", 1, o.streams(), o.holders(), o.hold()), work)) {
            List<String> tokens = tokens(register(hubs, o.streams()));
            try (Holders h = new Holders(tokens, ports(hubs), o.sourceAddresses(), o.ping(), o.holders(), work)) {
                awaitOpen(h, o.streams(), 900);
                long refused0 = h.refused();
                long target = (long) Math.ceil(o.streams() * 0.99);
                long t0 = System.nanoTime();
                hubs.restart(0);
                double stopped = (System.nanoTime() - t0) / 1e9;
                LoadKit.waitUntil(() -> h.open() < o.streams() / 2, 30, () -> "the streams did not drop");
                double healthy = -1, back = -1, all = -1, cpuMax = 0;
                int dbMax = 0;
                long cpuPrev = LoadKit.cpuTicks(hubs.pid(0)), cpuFirst = cpuPrev;
                long tPrev = System.nanoTime();
                say("node stopped after %.1f s; restarting", stopped);
                while (all < 0) {
                    Thread.sleep(500);
                    long now = System.nanoTime();
                    double t = (now - t0) / 1e9;
                    if (t > 300) break;
                    if (healthy < 0 && LoadKit.get(hubs.http, hubs.base(0) + "/healthz").contains("ok")) healthy = t;
                    long cpu = LoadKit.cpuTicks(hubs.pid(0));
                    double cpuPct = (cpu - cpuPrev) / 100.0 / ((now - tPrev) / 1e9) * 100;
                    cpuPrev = cpu;
                    tPrev = now;
                    cpuMax = Math.max(cpuMax, cpuPct);
                    int db = hubs.dbConnections();
                    dbMax = Math.max(dbMax, db);
                    long open = h.open();
                    if (back < 0 && open >= target) back = t;
                    if (open >= o.streams()) all = t;
                    say("t=%5.1f s open=%d refused=%d db_connections=%d hub_cpu=%.0f %%", t, open, h.refused() - refused0, db, cpuPct);
                }
                double span = (tPrev - t0) / 1e9;
                say("RESULT storm streams=%d stopped_s=%.1f healthy_s=%.1f back99_s=%.1f back99_after_healthy_s=%.1f all_back_s=%.1f refused=%d"
                                + " db_connections_max=%d hub_cpu_max=%.0f %% hub_cpu_mean=%.0f %%", o.streams(), stopped, healthy, back,
                        back < 0 ? -1 : back - healthy, all, h.refused() - refused0, dbMax, cpuMax,
                        (cpuPrev - cpuFirst) / 100.0 / span * 100);
            }
        }
    }

    static void throughput(Options o, Path work) throws Exception {
        try (HubNodes hubs = nodes(o, work)) {
            List<String> pairs = register(hubs, o.streams());
            List<String> sites = pairs.stream().map(p -> p.substring(0, p.indexOf(' '))).toList();
            Map<String, Long> sent = new ConcurrentHashMap<>();
            Map<String, Long> received = new ConcurrentHashMap<>();
            List<InetSocketAddress> addresses = ports(hubs).stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList();
            StreamHolder holder = new StreamHolder(tokens(pairs), addresses, o.sourceAddresses(), o.ping(),
                    ref -> received.putIfAbsent(ref, System.nanoTime()));
            Thread loop = Thread.ofPlatform().name("holder").start(() -> {
                try {
                    holder.run();
                    holder.release();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                LoadKit.waitUntil(() -> holder.open >= o.streams(), 300, () -> "only " + holder.open + " streams open");
                for (int rate : o.rates()) rate(hubs, sites, rate, o.seconds(), sent, received);
            } finally {
                holder.close();
                loop.join();
            }
        }
    }

    /** Offers {@code rate} jobs/s for {@code seconds} (open loop, at most 256 POSTs in flight), then waits for them at the agents. */
    private static void rate(HubNodes hubs, List<String> sites, int rate, int seconds, Map<String, Long> sent, Map<String, Long> received)
            throws Exception {
        int total = rate * seconds;
        Semaphore inFlight = new Semaphore(256);
        AtomicLong failed = new AtomicLong();
        List<String> refs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int k = 0; k < total; k++) {
            long at = t0 + (long) (k * 1e9 / rate);
            long wait = at - System.nanoTime();
            if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
            int s = k % sites.size();
            String ref = "r" + rate + "-" + k + "-" + t0 % 100_000;
            refs.add(ref);
            String body = "{\"type\":\"payment\",\"amount\":" + (100 + k % 900) + ",\"currency\":\"PLN\",\"reference\":\"" + ref + "\"}";
            HttpRequest req = HttpRequest.newBuilder(URI.create(hubs.base(s % hubs.count()) + "/api/v1/sites/" + sites.get(s) + "/jobs"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + hubs.apiKey).header("Content-Type", "application/json")
                    .header("Idempotency-Key", ref).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            inFlight.acquire();
            sent.put(ref, System.nanoTime());
            hubs.http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.release();
                if (e != null || r.statusCode() != 201) failed.incrementAndGet();
            });
        }
        double offeredFor = (System.nanoTime() - t0) / 1e9;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until && !refs.stream().allMatch(received::containsKey)) Thread.sleep(50);
        inFlight.acquire(256);
        long[] lat = refs.stream().filter(received::containsKey).mapToLong(r -> received.get(r) - sent.get(r)).sorted().toArray();
        long last = refs.stream().filter(received::containsKey).mapToLong(received::get).max().orElse(t0);
        double span = (last - t0) / 1e9;
        say("RESULT throughput offered=%d jobs/s for %d s (sent at %.0f/s) received=%d of %d (%.0f jobs/s) post_failed=%d"
                        + " post_to_agent_p50=%.2f ms p99=%.2f ms max=%.2f ms", rate, seconds, total / offeredFor, lat.length, total,
                lat.length / span, failed.get(), pct(lat, 0.50), pct(lat, 0.99), lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

}
