package tillbridge.common.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real IPP printer for tests (agent and integration tests): CUPS' {@code ippeveprinter}, keeping spooled documents. It will not
 * start without a DNS-SD daemon, so a private D-Bus and an avahi-daemon on loopback come first.
 */
public final class IppEvePrinter implements AutoCloseable {
    public final Path spool;
    public final int port;
    /** Where it keeps its TLS key and self-signed certificate, made at the first TLS connection. */
    public final Path keys;
    private final List<Process> processes = new ArrayList<>();

    /**
     * @param instant each job completes at once; otherwise ippeveprinter simulates printing for
     *                several seconds per job, as it does without a print command
     */
    public IppEvePrinter(Path dir, boolean instant) throws IOException, InterruptedException {
        this(dir, instant, "application/pdf,text/plain,image/pwg-raster");
    }

    /**
     * @param formats the {@code document-format-supported} it lists, comma-separated (such as
     *                {@code image/pwg-raster} alone, for a printer that takes no PDF)
     */
    public IppEvePrinter(Path dir, boolean instant, String formats) throws IOException, InterruptedException {
        spool = Files.createDirectories(dir.resolve("spool"));
        keys = Files.createDirectories(dir.resolve("ssl"));
        Path bus = dir.resolve("bus");
        String address = "unix:path=" + bus;
        start(List.of("dbus-daemon", "--session", "--nofork", "--address=" + address), null, dir.resolve("dbus.log"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(bus));
        Path conf = dir.resolve("avahi.conf");
        Files.writeString(conf, "[server]\nuse-ipv6=no\nallow-interfaces=lo\n[publish]\npublish-addresses=no\npublish-hinfo=no\npublish-workstation=no\n");
        Path avahiLog = dir.resolve("avahi.log");
        removeStalePidFile();
        start(List.of("avahi-daemon", "--no-drop-root", "--no-chroot", "--no-rlimits", "-f", conf.toString()), address, avahiLog);
        // ippeveprinter aborts when the daemon is not on the bus yet; a machine whose own avahi-daemon
        // runs already (it holds the pid file) serves ippeveprinter on the system bus instead
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(avahiLog).matches("(?s).*(Server startup complete|already running).*"));
        if (Files.readString(avahiLog).contains("already running")) address = null;
        port = LowPorts.free();
        List<String> command = new ArrayList<>(List.of("ippeveprinter", "-n", "localhost", "-p", Integer.toString(port), "-d", spool.toString(), "-k",
                "-K", keys.toString(), "-f", formats));
        if (instant) command.addAll(List.of("-c", "/bin/true"));
        command.add("tbtest" + port);
        start(command, address, dir.resolve("ippeveprinter.log"));
    }

    /**
     * avahi-daemon refuses to start ("already running") while its pid file exists, even when the
     * daemon that wrote it was killed (a test cut short): a file that is empty or names no live
     * process is removed first.
     */
    private static void removeStalePidFile() throws IOException {
        Path pidFile = Path.of("/run/avahi-daemon/pid");
        if (!Files.isRegularFile(pidFile)) return;
        String pid = Files.readString(pidFile).strip();
        if (pid.matches("[0-9]{1,9}") && Files.exists(Path.of("/proc", pid))) return;
        Files.deleteIfExists(pidFile);
    }

    public String uri() {
        return "ipp://localhost:" + port + "/ipp/print";
    }

    /** The same printer over TLS (ippeveprinter takes both on its one port). */
    public String ippsUri() {
        return "ipps://localhost:" + port + "/ipp/print";
    }

    /** Its self-signed certificate (PEM), there once a TLS connection was made. */
    public Path certificate() {
        return keys.resolve("localhost.crt");
    }

    private void start(List<String> command, String bus, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (bus != null) pb.environment().put("DBUS_SYSTEM_BUS_ADDRESS", bus);
        processes.add(pb.start());
    }

    /** Kills the printer alone (the daemons under it stay until close). */
    public void killPrinter() throws InterruptedException {
        Process p = processes.getLast();
        p.destroyForcibly();
        p.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes.reversed()) {
            p.destroy();
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
    }
}
