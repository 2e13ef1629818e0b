package tillbridge.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the packaged programs through their {@code bin/} scripts, as a user would. */
final class Programs {
    static final Path HOME = Path.of(System.getProperty("tillbridge.home", "..")).toAbsolutePath().normalize();

    private Programs() {}

    static Path bin(String program) {
        return HOME.resolve("bin").resolve(program);
    }

    /** Starts a program; its stderr goes to {@code log}, stdin and stdout stay pipes. */
    static Process start(Path log, List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    static List<String> command(String program, String... args) {
        List<String> c = new ArrayList<>();
        c.add(bin(program).toString());
        c.addAll(List.of(args));
        return c;
    }

    /** A free TCP port below the ephemeral range (32768-60999 here), so no client socket can take it meanwhile. */
    static void stop(Process p) throws InterruptedException {
        if (p == null) return;
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    /** A helper program of the integration tests (it/src/test/python). */
    static String script(String name) {
        return HOME.resolve("it/src/test/python").resolve(name).toString();
    }

    /** Waits (at most 30 s) until something accepts TCP connections on 127.0.0.1:{@code port}. */
    static void awaitListening(int port) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> listening(port));
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Named pipes, made with mkfifo(1). */
    static void mkfifo(Path... fifos) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mkfifo"));
        for (Path f : fifos) command.add(f.toString());
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("mkfifo " + command + " failed");
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "<cannot read " + log + ": " + e + ">";
        }
    }
}
