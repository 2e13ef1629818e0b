package tillbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

/**
 * The release {@code ./tb dist} makes (docs/install.md): a tarball whose programs run with no
 * source tree beside them, and a Debian package whose systemd units systemd accepts. The packages
 * are made by the same function {@code ./tb dist} calls once the build is done (the build is this
 * test run's own); InstalledPackageTest installs the package.
 */
class DistributionTest {
    @TempDir
    static Path dir;
    private static Path tarball;
    private static Path deb;
    private static Path unpacked;
    private static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void make() throws Exception {
        tarball = Release.get().tarball();
        deb = Release.get().deb();
        Files.createDirectories(dir.resolve("unpacked"));
        Run tar = Run.of(dir, 120, List.of("tar", "-C", dir.resolve("unpacked").toString(), "-xzf", tarball.toString()));
        assertThat(tar.exit()).as(tar.toString()).isZero();
        try (Stream<Path> top = Files.list(dir.resolve("unpacked"))) {
            unpacked = top.findFirst().orElseThrow();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : processes) Programs.stop(p);
    }

    @Test
    void theTarballCarriesProgramsJarsDocsAndServiceFilesButNoSource() throws Exception {
        assertThat(tarball.getFileName().toString()).matches("tillbridge-[0-9][^/]*\\.tar\\.gz");
        for (String p : List.of("frob", "ecr", "terminal-sim", "nexo-proxy", "nexo-sim", "hub", "agent", "watchdog")) {
            assertThat(unpacked.resolve("bin").resolve(p)).isExecutable();
        }
        assertThat(unpacked.resolve("agent/target/agent.jar")).exists();
        assertThat(unpacked.resolve("docs/install.md")).exists();
        assertThat(unpacked.resolve("dist/systemd/tillbridge-agent.service")).exists();
        assertThat(unpacked.resolve("dist/s6/tillbridge-agent/run")).isExecutable();
        try (Stream<Path> all = Files.walk(unpacked)) {
            assertThat(all.filter(f -> f.toString().endsWith(".java") || f.getFileName().toString().equals("pom.xml"))).isEmpty();
        }
    }

    @Test
    void theUnpackedHubServesAndTheUnpackedAgentChecksItsConfig() throws Exception {
        int port = LowPorts.free();
        processes.add(Programs.start(dir.resolve("hub.log"), List.of(unpacked.resolve("bin/hub").toString(), "serve", "--listen",
                "127.0.0.1:" + port, "--data", dir.resolve("hub-data").toString())));
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

        Run check = Run.of(dir, 60, List.of(unpacked.resolve("bin/agent").toString(), "config", "check", "--config-dir", dir.resolve("none").toString()));
        assertThat(check.exit()).as(check.toString()).isEqualTo(100);
        assertThat(check.err()).contains("agent register");
    }

    @Test
    void theUnpackedFrobAnswersACashRegister() throws Exception {
        Process frob = Programs.start(dir.resolve("frob.log"), List.of(unpacked.resolve("bin/frob").toString()));
        processes.add(frob);
        Wire ecr = new Wire(frob.getInputStream(), frob.getOutputStream());
        EcrFrames.exchange(ecr, EcrFrames.t1("2711"), "T2");
    }

    @Test
    void theDebianPackageInstallsUnderOptWithUnitsSystemdAccepts() throws Exception {
        Run info = Run.of(dir, 60, List.of("dpkg-deb", "--info", deb.toString()));
        assertThat(info.out()).contains("Package: tillbridge").contains("Architecture: all");
        Path root = dir.resolve("deb-root");
        Run x = Run.of(dir, 120, List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
        assertThat(x.exit()).as(x.toString()).isZero();
        Path opt = root.resolve("opt/tillbridge");
        Run version = Run.of(dir, 60, List.of(opt.resolve("bin/agent").toString(), "--version"));
        assertThat(version.out()).startsWith("agent ");

        // the units as installed, pointed at where this test unpacked them
        Path units = dir.resolve("units");
        Files.createDirectories(units);
        List<String> verify = new ArrayList<>(List.of("systemd-analyze", "verify"));
        try (Stream<Path> installed = Files.list(root.resolve("lib/systemd/system"))) {
            for (Path u : installed.toList()) {
                Path copy = units.resolve(u.getFileName());
                Files.writeString(copy, Files.readString(u).replace("/opt/tillbridge", opt.toString())
                        .replace("/etc/tillbridge/frob.env", root.resolve("etc/tillbridge/frob.env").toString()));
                verify.add(copy.toString());
            }
        }
        assertThat(verify).hasSize(6);
        Run v = Run.of(dir, 60, verify);
        assertThat(v.exit()).as(v.toString()).isZero();
        assertThat(v.err()).as("systemd-analyze's warnings").isBlank();
    }
}
