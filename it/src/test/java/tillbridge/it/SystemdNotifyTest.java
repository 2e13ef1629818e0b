package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

/**
 * The programs as systemd {@code Type=notify} services (dist/systemd/): {@code READY=1} once ready,
 * and from the agent {@code WATCHDOG=1} while alive and {@code STOPPING=1} on SIGTERM, sent to a
 * notification socket the test owns in systemd's place.
 */
class SystemdNotifyTest {
    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes.reversed()) Programs.stop(p);
    }

    @Test
    void theHubIsReadyForSystemdOnlyOnceItAnswers() throws Exception {
        Path received = listen(dir.resolve("notify.sock").toString());
        int port = LowPorts.free();
        start("hub.log", Map.of("NOTIFY_SOCKET", dir.resolve("notify.sock").toString()),
                Programs.command("hub", "serve", "--listen", "127.0.0.1:" + port, "--data", dir.resolve("hub-data").toString()));
        await().atMost(Duration.ofSeconds(60)).until(() -> Programs.read(received).contains("READY=1"));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200); // no retry: it answered before it said ready
    }

    @Test
    void anAbstractSocketNameWorksToo() throws Exception {
        String name = "@tillbridge-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path received = listen(name);
        int port = LowPorts.free();
        start("terminal-sim.log", Map.of("NOTIFY_SOCKET", name), Programs.command("terminal-sim", "--listen", "tcp:127.0.0.1:" + port));
        await().atMost(Duration.ofSeconds(60)).until(() -> Programs.read(received).contains("READY=1"));
        assertThat(Programs.listening(port)).isTrue();
    }

    @Test
    void theAgentIsReadyOnceConnectedFeedsTheWatchdogAndSaysWhenItStops() throws Exception {
        try (Cloud cloud = new Cloud(dir, List.of(), List.of())) {
            String site = cloud.createSite("under systemd");
            Path agent = cloud.registeredDir(site, "agent");
            Path received = listen(dir.resolve("agent-notify.sock").toString());
            Process p = start("agent.log", Map.of("NOTIFY_SOCKET", dir.resolve("agent-notify.sock").toString(), "WATCHDOG_USEC", "1000000"),
                    Programs.command("agent", "run", "--config-dir", agent.toString()));
            await().atMost(Duration.ofSeconds(60)).until(() -> Programs.read(received).contains("READY=1"));
            assertThat(cloud.connected(site)).isTrue();
            // every half second for a 1 s watchdog
            await().atMost(Duration.ofSeconds(20)).until(() -> Programs.read(received).lines().filter("WATCHDOG=1"::equals).count() >= 4);
            p.destroy(); // SIGTERM, as systemctl stop sends
            await().atMost(Duration.ofSeconds(30)).until(() -> Programs.read(received).contains("STOPPING=1"));
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Starts the test's notification socket; returns the file every datagram is appended to. */
    private Path listen(String socket) throws Exception {
        Path out = dir.resolve("notifications-" + processes.size() + ".txt");
        processes.add(Programs.start(dir.resolve("notify.log"), List.of("python3", Programs.script("notify_socket.py"), socket, out.toString())));
        await().atMost(Duration.ofSeconds(30)).until(() -> Programs.read(out).startsWith("bound"));
        return out;
    }

    private Process start(String log, Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile()));
        b.environment().putAll(env);
        Process p = b.start();
        processes.add(p);
        return p;
    }
}
