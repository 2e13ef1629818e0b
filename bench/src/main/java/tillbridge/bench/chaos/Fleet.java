package tillbridge.bench.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import tillbridge.common.testing.LowPorts;

/**
 * The cloud payment path as real processes, each through its {@code bin/} script: terminal-sim
 * with a journal on a UNIX socket, tcpserver spawning one frob per connection, the hub on H2 and one
 * agent per site. Any of them can be killed with SIGKILL (with its children) and started again on
 * the same port and data. Each program's stderr is appended to {@code work/NAME.log}.
 */
final class Fleet implements AutoCloseable {
    enum Role { TERMINAL, FROB, HUB, AGENT }

    private static final Duration START = Duration.ofSeconds(60);

    private final Path home;
    private final Path work;
    private final Path socket;
    final int hubPort;
    final int frobPort;
    private final Map<Role, List<Process>> running = new EnumMap<>(Role.class);
    private final List<Path> agentDirs = new ArrayList<>();

    Fleet(Path home, Path work) throws IOException {
        this.home = home;
        this.work = work;
        this.socket = work.resolve("payment.sock");
        this.hubPort = LowPorts.free();
        this.frobPort = LowPorts.free();
        for (Role r : Role.values()) running.put(r, new ArrayList<>());
    }

    Path terminalLog() {
        return work.resolve("terminal-sim.log");
    }

    Path terminalJournal() {
        return work.resolve("terminal-journal.jsonl");
    }

    String hubUrl() {
        return "http://127.0.0.1:" + hubPort;
    }

    /** A tenant on the hub's data, made before the hub serves it; returns its API key. */
    String createTenant() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(bin("hub"), "tenant", "create", "chaos", "--data", work.resolve("hub-data").toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("hub.log").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("hub tenant create failed; see " + work.resolve("hub.log"));
        return out;
    }

    /** An agent for a site reaching the hub at {@code hub}: agent.json naming T1 = frob under tcpserver, registered with {@code code}. */
    void addAgent(String hub, String code) throws IOException, InterruptedException {
        int n = agentDirs.size() + 1;
        Path d = work.resolve("agent-" + n);
        Files.createDirectories(d);
        Files.writeString(d.resolve("agent.json"), "{\"hub\": \"" + hub + "\", \"ping_seconds\": 120,\n"
                + " \"terminals\": [{\"name\": \"T1\", \"frob\": \"127.0.0.1:" + frobPort + "\", \"ecr_id\": \"CHAOS-" + n + "\"}]}\n");
        Process p = new ProcessBuilder(bin("agent"), "register", "--hub", hub, "--code", code, "--config-dir", d.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("agent-" + n + ".log").toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("agent register failed; see agent-" + n + ".log");
        agentDirs.add(d);
    }

    int agents() {
        return agentDirs.size();
    }

    /** Starts the role's program(s) (for AGENT the one numbered {@code index}) and waits until it serves. */
    void start(Role role, int index) throws IOException, InterruptedException {
        switch (role) {
            case TERMINAL -> {
                launch(role, "terminal-sim", List.of(bin("terminal-sim"), "--listen", "unix:" + socket, "--journal", terminalJournal().toString(),
                        "--step-ms", "20", "--slow-ms", "1500"));
                await(() -> unixListening(socket), "terminal-sim to listen on " + socket);
            }
            case FROB -> {
                launch(role, "frob", List.of("tcpserver", "-v", "-R", "-H", "-l", "localhost", "127.0.0.1", Integer.toString(frobPort), bin("frob"),
                        "--payment", "unix:" + socket));
                await(() -> tcpListening(frobPort), "tcpserver to listen on " + frobPort);
            }
            case HUB -> {
                launch(role, "hub", List.of(bin("hub"), "serve", "--listen", "127.0.0.1:" + hubPort, "--data", work.resolve("hub-data").toString()));
                await(() -> tcpListening(hubPort), "the hub to listen on " + hubPort);
            }
            case AGENT -> launch(role, "agent-" + (index + 1), List.of(bin("agent"), "run", "--config-dir", agentDirs.get(index).toString()));
        }
    }

    /** SIGKILL to the role's process (for AGENT the one numbered {@code index}) and its children (tcpserver's frobs). */
    void kill(Role role, int index) throws InterruptedException {
        List<Process> ps = running.get(role);
        Process p = role == Role.AGENT ? ps.set(index, null) : ps.isEmpty() ? null : ps.removeFirst();
        if (p == null) return;
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private void launch(Role role, String log, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve(log + ".log").toFile())).start();
        List<Process> ps = running.get(role);
        if (role != Role.AGENT) ps.add(p);
        else {
            int i = Integer.parseInt(log.substring("agent-".length())) - 1;
            while (ps.size() <= i) ps.add(null);
            ps.set(i, p);
        }
    }

    private String bin(String program) {
        return home.resolve("bin").resolve(program).toString();
    }

    private static void await(BooleanSupplier ready, String what) throws IOException, InterruptedException {
        long end = System.nanoTime() + START.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > end) throw new IOException("timed out after " + START.toSeconds() + " s waiting for " + what);
            Thread.sleep(50);
        }
    }

    private static boolean tcpListening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A stale socket file left by a killed terminal-sim exists but refuses connections. */
    private static boolean unixListening(Path socket) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return c.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Role r : List.of(Role.AGENT, Role.HUB, Role.FROB, Role.TERMINAL))
            for (Process p : new ArrayList<>(running.get(r))) {
                if (p == null) continue;
                List<ProcessHandle> children = p.descendants().toList();
                p.destroy();
                children.forEach(ProcessHandle::destroy);
                if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            }
    }
}
