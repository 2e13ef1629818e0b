package tillbridge.bench.hubload;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hub nodes as child processes ({@code hub.jar serve}) sharing one fresh database on the local
 * PostgreSQL (127.0.0.1:5432, user postgres, trust auth), dropped at the end; plain HTTP on
 * 127.0.0.1, ports {@code basePort}, {@code basePort + 1}, … Each node gets {@code -Xmx = -Xms}
 * and the options in {@code $TB_JAVA_OPTS}.
 */
final class HubNodes implements AutoCloseable {
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final Path hubJar;
    private final String xmx;
    private final int basePort;
    private final List<String> extra;
    private final Path work;
    final String database;
    final String dbUrl;
    final String apiKey;
    private final Process[] nodes;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    HubNodes(Path hubJar, String xmx, int count, int basePort, int dbPool, List<String> extra, Path work) throws Exception {
        this.hubJar = hubJar;
        this.xmx = xmx;
        this.basePort = basePort;
        this.work = work;
        this.database = "hubload_" + ProcessHandle.current().pid() + "_" + System.currentTimeMillis() % 100_000;
        this.dbUrl = "postgresql://postgres@127.0.0.1:5432/" + database;
        List<String> e = new ArrayList<>(List.of("--db-pool", Integer.toString(dbPool)));
        e.addAll(extra);
        this.extra = List.copyOf(e);
        this.nodes = new Process[count];
        psql("postgres", "create database " + database);
        try {
            apiKey = LoadKit.run(List.of(java, "-jar", hubJar.toString(), "tenant", "create", "load", "--db", dbUrl, "-q")).trim();
            for (int i = 0; i < count; i++) start(i);
            for (int i = 0; i < count; i++) awaitHealthy(i);
        } catch (Exception ex) {
            close();
            throw ex;
        }
    }

    int count() {
        return nodes.length;
    }

    int port(int i) {
        return basePort + i;
    }

    String base(int i) {
        return "http://127.0.0.1:" + port(i);
    }

    List<String> bases() {
        List<String> b = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) b.add(base(i));
        return b;
    }

    long pid(int i) {
        return nodes[i].pid();
    }

    private void start(int i) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-Xms" + xmx, "-XX:+UseG1GC"));
        cmd.addAll(javaOptions());
        cmd.addAll(List.of("-jar", hubJar.toString(), "serve", "--listen", "127.0.0.1:" + port(i), "--db", dbUrl, "--node", "n" + i, "-q"));
        cmd.addAll(extra);
        Path log = work.resolve("hub-" + i + ".log");
        nodes[i] = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** $TB_JAVA_OPTS, as ./tb gives the programs it starts (e.g. a flight recording of each node: {@code -XX:StartFlightRecording=filename=/tmp/%p.jfr}). */
    private static List<String> javaOptions() {
        String o = System.getenv("TB_JAVA_OPTS");
        return o == null || o.isBlank() ? List.of() : List.of(o.trim().split("\\s+"));
    }

    void awaitHealthy(int i) throws Exception {
        LoadKit.waitUntil(() -> LoadKit.get(http, base(i) + "/healthz").contains("ok"), 120,
                () -> "hub node " + i + " did not come up (see " + work.resolve("hub-" + i + ".log") + ")");
    }

    /** Stops node {@code i} (SIGTERM, as an orderly restart does: every stream is cut) and starts it again at once. */
    void restart(int i) throws Exception {
        nodes[i].destroy();
        nodes[i].waitFor();
        start(i);
    }

    /** A full GC in node {@code i}, then its live heap (bytes, from /metrics) and RSS (KiB). */
    long[] memoryAfterGc(int i) throws Exception {
        LoadKit.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid(i)), "GC.run"));
        return new long[] {LoadKit.metric(http, base(i), "hub_heap_used_bytes"), LoadKit.procStatus(pid(i), "VmRSS")};
    }

    /** Connections to this run's database right now (every node's pool and listener). */
    int dbConnections() throws Exception {
        return Integer.parseInt(psql("postgres", "select count(*) from pg_stat_activity where datname = '" + database + "'").trim());
    }

    private static String psql(String db, String sql) throws Exception {
        return LoadKit.run(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atqc", sql));
    }

    @Override
    public void close() throws Exception {
        for (Process p : nodes) {
            if (p != null) p.destroy();
        }
        for (Process p : nodes) {
            if (p != null) p.waitFor();
        }
        psql("postgres", "drop database if exists " + database + " with (force)");
    }
}
