package tillbridge.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import tillbridge.common.testing.LowPorts;

/**
 * The cloud path as real processes: terminal-sim on a UNIX socket, tcpserver spawning one frob per
 * connection, the hub (H2 in {@code dir}, plain HTTP on loopback) and agents, each through its
 * {@code bin/} script. Box-office calls go over HTTP with the tenant's API key.
 */
final class Cloud implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration START = Duration.ofSeconds(60);

    final Path dir;
    final int hubPort;
    final int frobPort;
    final String apiKey;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> hubArgs;
    private final Venue venue;
    private final List<String> frobArgs;
    /** The venue's frob server after {@link #frobDown} and {@link #frobUp}. */
    private Process frobAgain;
    private Process hub;
    private final List<Process> agents = new ArrayList<>();
    private final Set<Path> agentLogs = new LinkedHashSet<>();

    /**
     * @param terminalSimArgs extra terminal-sim options (e.g. {@code --slow-ms 30000})
     * @param hubArgs extra {@code hub serve} options (e.g. {@code --code-validity 1})
     */
    Cloud(Path dir, List<String> terminalSimArgs, List<String> hubArgs) throws Exception {
        this.dir = dir;
        this.hubArgs = List.copyOf(hubArgs);
        String sock = "unix:" + dir.resolve("payment.sock");
        List<String> ts = new ArrayList<>(List.of("--listen", sock));
        ts.addAll(terminalSimArgs);
        frobArgs = List.of("--payment", sock);
        venue = Venue.start(dir, ts, frobArgs);
        frobPort = venue.port();
        hubPort = LowPorts.free();
        try {
            Run tenant = Run.of(dir, 60, Programs.command("hub", "tenant", "create", "IT venue", "--data", dir.resolve("hub-data").toString()));
            if (tenant.exit() != 0) throw new AssertionError("hub tenant create: " + tenant);
            apiKey = tenant.out().strip();
            startHub();
        } catch (Exception | AssertionError e) {
            close(); // nothing started here may outlive a failed start
            throw e;
        }
    }

    String hubUrl() {
        return "http://127.0.0.1:" + hubPort;
    }

    void startHub() {
        List<String> c = new ArrayList<>(Programs.command("hub", "serve", "--listen", "127.0.0.1:" + hubPort,
                "--data", dir.resolve("hub-data").toString()));
        c.addAll(hubArgs);
        try {
            hub = Programs.start(dir.resolve("hub.log"), c);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        await().atMost(START).ignoreExceptions().until(() -> get("/healthz").statusCode() == 200);
    }

    /** SIGKILL: no graceful stop, streams cut as by a crash. */
    void killHub() throws InterruptedException {
        hub.destroyForcibly().waitFor();
    }

    // ---- box office ----

    HttpResponse<String> api(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hubUrl() + "/api/v1" + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(hubUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    String createSite(String name) throws Exception {
        HttpResponse<String> r = api("POST", "/sites", "{\"name\":\"" + name + "\"}");
        if (r.statusCode() != 201) throw new AssertionError("create site: " + r.statusCode() + " " + r.body());
        return json(r).get("id").asText();
    }

    String registrationCode(String site) throws Exception {
        HttpResponse<String> r = api("POST", "/sites/" + site + "/registration-codes", null);
        if (r.statusCode() != 201) throw new AssertionError("registration code: " + r.statusCode() + " " + r.body());
        return json(r).get("code").asText();
    }

    /** Submits a payment job; returns the job id. */
    String pay(String site, long amount, String key) throws Exception {
        HttpResponse<String> r = api("POST", "/sites/" + site + "/jobs",
                "{\"type\":\"payment\",\"amount\":" + amount + ",\"currency\":\"PLN\",\"reference\":\"" + key + "\"}", "Idempotency-Key", key);
        if (r.statusCode() != 201) throw new AssertionError("submit job: " + r.statusCode() + " " + r.body());
        return json(r).get("id").asText();
    }

    /** Uploads a print document (the body is the document); returns its id. */
    String upload(String site, String contentType, byte[] content) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hubUrl() + "/api/v1/sites/" + site + "/documents"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new AssertionError("upload: " + r.statusCode() + " " + r.body());
        return json(r).get("id").asText();
    }

    /** Submits a print job of an uploaded document; returns the job id. */
    String print(String site, String document, String key) throws Exception {
        HttpResponse<String> r = api("POST", "/sites/" + site + "/jobs", "{\"type\":\"print\",\"document\":\"" + document + "\"}",
                "Idempotency-Key", key);
        if (r.statusCode() != 201) throw new AssertionError("submit print job: " + r.statusCode() + " " + r.body());
        return json(r).get("id").asText();
    }

    JsonNode job(String id) throws Exception {
        return json(api("GET", "/jobs/" + id, null));
    }

    /** Waits until the job is done, failed or unknown; returns it. */
    JsonNode awaitFinal(String id, Duration timeout) throws Exception {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                String s = job(id).path("state").asText();
                return s.equals("done") || s.equals("failed") || s.equals("unknown");
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("job " + id + " not final within " + timeout.toSeconds() + " s: " + job(id) + logs(), e);
        }
        return job(id);
    }

    /** The job's event log as the box office sees it (SSE replay, ends after the final state). */
    String events(String id) throws Exception {
        return api("GET", "/jobs/" + id + "/events", null, "Accept", "text/event-stream").body();
    }

    boolean connected(String site) throws Exception {
        return json(api("GET", "/sites/" + site, null)).path("connected").asBoolean();
    }

    /** Waits up to {@link #START} for the site's agent to be connected; a timeout shows both logs' ends. */
    void awaitConnected(String site) {
        try {
            await().atMost(START).ignoreExceptions().until(() -> connected(site));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("site " + site + " not connected within " + START.toSeconds() + " s" + logs(), e);
        }
    }

    /** The ends of every agent's log and the hub's, for a failure message. */
    private String logs() {
        StringBuilder b = new StringBuilder();
        for (Path log : agentLogs) b.append("\n--- ").append(log.getFileName()).append(" (end):\n").append(tail(log));
        return b.append("\n--- hub.log (end):\n").append(tail(dir.resolve("hub.log"))).toString();
    }

    private static String tail(Path log) {
        String s = Programs.read(log);
        return s.substring(Math.max(0, s.length() - 8000));
    }

    // ---- agents ----

    /** A config dir with agent.json naming terminal T1 = frob under tcpserver, without the status page (tests run side by side). */
    Path agentDir(String name) throws IOException {
        return agentDir(name, "", "");
    }

    /**
     * As {@link #agentDir(String)}, with {@code terminalMore} members added to T1 (such as
     * {@code , "receipt_printer": "bar"}) and {@code more} to agent.json (such as {@code , "printers": […]}).
     */
    Path agentDir(String name, String terminalMore, String more) throws IOException {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("agent.json"), "{\"hub\": \"" + hubUrl() + "\", \"ping_seconds\": 120, \"ui_listen\": \"off\",\n"
                + " \"terminals\": [{\"name\": \"T1\", \"frob\": \"127.0.0.1:" + frobPort + "\", \"ecr_id\": \"IT-01\"" + terminalMore + "}]" + more + "}\n");
        return d;
    }

    Run register(Path agentDir, String code) throws Exception {
        return Run.of(dir, 60, Programs.command("agent", "register", "--hub", hubUrl(), "--code", code, "--config-dir", agentDir.toString()));
    }

    /** Starts {@code agent run}; its log is {@code <agentDir>.log}. */
    Process startAgent(Path agentDir, String... extra) throws IOException {
        List<String> c = new ArrayList<>(Programs.command("agent", "run", "--config-dir", agentDir.toString()));
        c.addAll(List.of(extra));
        Process p = Programs.start(agentLog(agentDir), c);
        agents.add(p);
        agentLogs.add(agentLog(agentDir));
        return p;
    }

    Path agentLog(Path agentDir) {
        return agentDir.resolveSibling(agentDir.getFileName() + ".log");
    }

    /** The config dir of an agent registered for {@code site}, not started. */
    Path registeredDir(String site, String name) throws Exception {
        return registered(site, agentDir(name));
    }

    /** Registers the agent of config dir {@code d} (made by {@link #agentDir}) for {@code site}; returns {@code d}. */
    Path registered(String site, Path d) throws Exception {
        Run r = register(d, registrationCode(site));
        if (r.exit() != 0) throw new AssertionError("agent register: " + r);
        return d;
    }

    /** A registered agent, running and connected. */
    Process registeredAgent(String site, String name, String... extra) throws Exception {
        return registeredAgent(site, agentDir(name), extra);
    }

    /** A registered agent for the config dir {@code d} made by {@link #agentDir}, running and connected. */
    Process registeredAgent(String site, Path d, String... extra) throws Exception {
        Process p = startAgent(registered(site, d), extra);
        awaitConnected(site);
        return p;
    }

    // ---- terminal side ----

    /** Stops frob's tcpserver and every frob it runs: connections to the venue are refused. */
    void frobDown() throws InterruptedException {
        Programs.stop(frobAgain != null ? frobAgain : venue.tcpserver());
    }

    /** Starts frob's tcpserver again on the same port. */
    void frobUp() throws Exception {
        frobAgain = Venue.frobServer(dir, frobPort, frobArgs);
    }

    /** How many sale S1s (kind S) with this payment reference terminal-sim received. */
    long salesFor(String reference) {
        Matcher m = Pattern.compile("<- S1\\[[^\\]]*\\]\\[S, [^,]*, " + Pattern.quote(reference) + ",").matcher(Programs.read(dir.resolve("terminal-sim.log")));
        long n = 0;
        while (m.find()) n++;
        return n;
    }


    @Override
    public void close() {
        try {
            for (Process a : agents) Programs.stop(a);
            Programs.stop(frobAgain);
            Programs.stop(hub);
            venue.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
