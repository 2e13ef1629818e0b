package tillbridge.common.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private CUPS server for tests ({@code cupsd} from Debian's {@code cups-daemon}): its own
 * configuration, spool and logs in a directory of its own, listening on loopback only, with one raw queue
 * that forwards every job untouched to {@code deviceUri} (an {@link IppEvePrinter}). No browsing,
 * no authentication: nothing of the machine's own CUPS is used or touched.
 */
public final class CupsDaemon implements AutoCloseable {
    public final int port;
    public final Path log;
    private final Process process;

    private final Path root;

    public CupsDaemon(String queue, String deviceUri) throws IOException {
        // not under a test's @TempDir (0700): cupsd runs the ipp backend as user lp, which must
        // reach the spooled document
        root = Files.createTempDirectory("tillbridge-cups", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        for (String d : List.of("spool", "tmp", "cache", "state")) Files.createDirectories(root.resolve(d));
        port = LowPorts.free();
        log = root.resolve("error_log");
        Files.writeString(root.resolve("cupsd.conf"), """
                Listen 127.0.0.1:%d
                Browsing No
                LogLevel debug
                DefaultAuthType None
                <Location />
                Order allow,deny
                Allow all
                </Location>
                <Policy default>
                <Limit All>
                Order deny,allow
                </Limit>
                </Policy>
                """.formatted(port));
        Files.writeString(root.resolve("cups-files.conf"), """
                ServerRoot %1$s
                RequestRoot %1$s/spool
                TempDir %1$s/tmp
                CacheDir %1$s/cache
                StateDir %1$s/state
                AccessLog %1$s/access_log
                ErrorLog %1$s/error_log
                PageLog %1$s/page_log
                Printcap %1$s/printcap
                """.formatted(root));
        // a queue without a PPD is raw: the ipp backend hands the document on as it came
        Files.writeString(root.resolve("printers.conf"), """
                <Printer %s>
                State Idle
                Accepting Yes
                DeviceURI %s
                </Printer>
                """.formatted(queue, deviceUri));
        process = new ProcessBuilder("cupsd", "-f", "-c", root.resolve("cupsd.conf").toString(), "-s", root.resolve("cups-files.conf").toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("cupsd.out").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).until(this::listening);
    }

    /** {@code HOST:PORT} of this server, as {@code CUPS_SERVER} would name it. */
    public String server() {
        return "127.0.0.1:" + port;
    }

    private boolean listening() {
        if (!process.isAlive()) throw new IllegalStateException("cupsd exited with " + process.exitValue() + "; see " + log);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
