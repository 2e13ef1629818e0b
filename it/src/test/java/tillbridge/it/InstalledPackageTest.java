package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

/**
 * The Debian package {@code ./tb dist} makes, installed with {@code dpkg -i} (its maintainer
 * scripts, the system user, the directories) into a copy-on-write copy of this machine's root, and
 * its services started there as shipped (it/src/test/sh/installed_root.sh): the agent and hub as
 * their systemd units' {@code ExecStart=} says, as their {@code User=}, telling a notification
 * socket the test owns that they are ready; and the agent's s6 service directory, copied unchanged
 * into an s6-svscan's scan directory. The real system is not touched: the copy lives in a mount
 * namespace of its own. There is no systemd as PID 1 here: docs/install.md says what that leaves
 * untested.
 */
class InstalledPackageTest {
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes.reversed()) Programs.stop(p);
    }

    @Test
    void theInstalledAgentAndHubStartAsTheirUnitsSayAndTellTheNotifySocketTheyAreReady() throws Exception {
        try (Cloud cloud = new Cloud(dir, List.of(), List.of())) {
            String site = cloud.createSite("installed by dpkg");
            Path work = work();
            Path agentNotified = listen(work, "agent");
            Path hubNotified = listen(work, "hub");
            SelfSigned hubKey = SelfSigned.make(dir, "hub", "localhost");
            Files.copy(hubKey.keyStore(), work.resolve("hub.p12"));
            Files.writeString(work.resolve("hub.password"), SelfSigned.PASSWORD + "\n");
            int ui = LowPorts.free();
            Process root = install("systemd", work, cloud, site, ui);

            awaitNotified(agentNotified, "READY=1", root, work);
            assertThat(cloud.connected(site)).isTrue();
            HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui + "/status"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(Cloud.JSON.readTree(status.body()).path("headline").asText()).isEqualTo("connected to the hub");
            awaitNotified(hubNotified, "READY=1", root, work); // the hub says so only once it answers HTTPS on 8443
            awaitNotified(agentNotified, "WATCHDOG=1", root, work); // WatchdogSec=30: every 15 s

            Path copy = Path.of("/proc", Files.readString(work.resolve("agent.pid")).strip(), "root");
            String user = Files.readString(copy.resolve("etc/passwd")).lines().filter(l -> l.startsWith("tillbridge:")).findFirst().orElseThrow();
            String agentStatus = Files.readString(Path.of("/proc", Files.readString(work.resolve("agent.pid")).strip(), "status"));
            assertThat(agentStatus).as("the agent runs as User=tillbridge").containsPattern("(?m)^Uid:\\s+" + user.split(":")[2] + "\\s");
            assertThat(Files.getPosixFilePermissions(copy.resolve("var/lib/tillbridge/agent")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(copy.resolve("var/lib/tillbridge/agent/credentials.json")).exists();
            assertThat(Files.readString(Path.of("/etc/passwd"))).as("the real system").doesNotContain("tillbridge:");
        }
    }

    @Test
    void theShippedS6ServiceDirectoryRunsTheAgentReadyWhenConnectedLogsItAndRestartsItWhenKilled() throws Exception {
        try (Cloud cloud = new Cloud(dir, List.of(), List.of())) {
            String site = cloud.createSite("installed for s6");
            Path work = work();
            Process svscan = install("s6", work, cloud, site, LowPorts.free());
            Path copy = Path.of("/proc", Long.toString(svscan.pid()), "root");

            String first = awaitReady(copy, "", svscan, work);
            assertThat(cloud.connected(site)).as("ready only once connected").isTrue();
            Path log = copy.resolve("var/log/tillbridge/agent/current");
            await().atMost(Duration.ofSeconds(30)).until(() -> Programs.read(log).contains("connected to the hub"));
            assertThat(Programs.read(log)).as("s6-log's TAI64N stamps").startsWith("@4000");

            Run kill = svc(copy, "s6-svc", "-k", "/run/service/tillbridge-agent");
            assertThat(kill.exit()).as(kill.toString()).isZero();
            awaitReady(copy, first, svscan, work);
            cloud.awaitConnected(site);
        }
    }

    private Path work() throws Exception {
        Path work = dir.resolve("root");
        Files.createDirectories(work.resolve("notify"));
        // the services run as the package's user and must reach the test's sockets
        Files.setPosixFilePermissions(work.resolve("notify"), PosixFilePermissions.fromString("rwxrwxrwx"));
        return work;
    }

    /** Starts the test's notification socket {@code WORK/notify/NAME.sock}; returns the file every datagram is appended to. */
    private Path listen(Path work, String name) throws Exception {
        Path out = dir.resolve(name + "-notifications.txt");
        Path socket = work.resolve("notify").resolve(name + ".sock");
        processes.add(Programs.start(dir.resolve("notify.log"), List.of("python3", Programs.script("notify_socket.py"), socket.toString(), out.toString())));
        await().atMost(Duration.ofSeconds(30)).until(() -> Programs.read(out).startsWith("bound"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        return out;
    }

    private Process install(String mode, Path work, Cloud cloud, String site, int ui) throws Exception {
        List<String> command = List.of("unshare", "--mount", "--propagation", "private", Programs.HOME.resolve("it/src/test/sh/installed_root.sh").toString(),
                mode, Release.get().deb().toString(), work.toString(), cloud.hubUrl(), cloud.registrationCode(site), Integer.toString(ui));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
        processes.add(p);
        return p;
    }

    private void awaitNotified(Path notified, String what, Process root, Path work) {
        try {
            // one datagram per line, its own lines joined by ';' (READY=1;STATUS=ready)
            await().atMost(START).until(() -> Programs.read(notified).lines().anyMatch(l -> List.of(l.split(";")).contains(what)));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + (root.isAlive() ? "" : " (installed_root.sh ended)") + logs(work), e);
        }
    }

    /** Waits until s6 says the agent is up and ready with a pid other than {@code before}; returns that pid. */
    private String awaitReady(Path copy, String before, Process svscan, Path work) {
        String[] pid = {""};
        try {
            await().atMost(START).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Run r = svc(copy, "s6-svstat", "-o", "up,ready,pid", "/run/service/tillbridge-agent");
                String[] f = r.out().strip().split(" ");
                pid[0] = f.length == 3 ? f[2] : "";
                return r.exit() == 0 && f[0].equals("true") && f[1].equals("true") && !pid[0].equals(before);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the agent not up and ready under s6" + (svscan.isAlive() ? "" : " (s6-svscan ended)") + logs(work)
                    + "\n--- s6-log's current:\n" + Programs.read(copy.resolve("var/log/tillbridge/agent/current")), e);
        }
        return pid[0];
    }

    /** An s6 command run in the installed copy (the root of its s6-svscan). */
    private Run svc(Path copy, String... command) throws Exception {
        List<String> c = new ArrayList<>(List.of("chroot", copy.toString()));
        c.addAll(List.of(command));
        return Run.of(dir, 30, c);
    }

    private String logs(Path work) {
        return "\n--- install.log:\n" + Programs.read(dir.resolve("install.log")) + "\n--- agent.log:\n" + Programs.read(work.resolve("agent.log"))
                + "\n--- hub.log:\n" + Programs.read(work.resolve("hub.log"));
    }
}
