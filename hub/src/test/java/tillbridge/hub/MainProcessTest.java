package tillbridge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tillbridge.common.testing.LowPorts;

/** The process contract: tenant create prints the key once on stdout; serve signals readiness on --notify-fd. */
class MainProcessTest {
    @TempDir
    Path dir;

    private Process hub(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void tenantCreatePrintsTheKeyOnStdoutAndServeNotifiesReadiness() throws Exception {
        Process create = hub("tenant", "create", "acme", "--data", dir.toString());
        String key = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(create.exitValue()).isEqualTo(0);
        assertThat(key).matches("[A-Za-z0-9_-]{43}");

        Process dup = hub("tenant", "create", "acme", "--data", dir.toString());
        assertThat(dup.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dup.exitValue()).isEqualTo(100);

        int port = LowPorts.free();
        Process serve = hub("serve", "--listen", "127.0.0.1:" + port, "--data", dir.toString(), "--notify-fd", "1");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEmpty();   // the readiness newline
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sites"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void tenantCreateWorksWhileTheHubRunsOnH2() throws Exception {
        int port = LowPorts.free();
        Process serve = hub("serve", "--listen", "127.0.0.1:" + port, "--data", dir.toString(), "--notify-fd", "1");
        try {
            assertThat(new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine()).isEmpty();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(dir.resolve("admin.json"))))
                    .isEqualTo("rw-------");

            Process create = hub("tenant", "create", "acme", "--data", dir.toString());
            String key = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(create.exitValue()).isEqualTo(0);
            assertThat(key).matches("[A-Za-z0-9_-]{43}");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sites"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);

            Process dup = hub("tenant", "create", "acme", "--data", dir.toString());
            assertThat(dup.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(dup.exitValue()).isEqualTo(100);
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dir.resolve("admin.json")).doesNotExist();
    }

    @Test
    void usageErrorsExit100() throws Exception {
        Process p = hub("serve", "--listen", "0.0.0.0:1", "--data", dir.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(100);
        Process q = hub("frobnicate");
        assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(q.exitValue()).isEqualTo(100);
    }
}
