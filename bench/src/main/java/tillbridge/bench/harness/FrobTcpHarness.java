package tillbridge.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.message.CommTest;

/**
 * Start-up cost of one JVM per connection, as a venue sees it: {@code tcpserver} spawns
 * {@code bin/frob} for each TCP connection, and we time connect() to the first answered T1 (its
 * T2 received). Four tcpservers run side by side: frob bare ({@code -q}, no channels) and frob as
 * deployed (payment channel on a UNIX socket this harness serves, storage appended to a file),
 * each with the AOT cache ({@code frob/target/frob.aot}, built by ./tb build) and with
 * {@code FROB_AOT_CACHE=off}. Connections are made one at a time, with a pause so that each frob
 * has exited before the next starts; a series makes its connections back to back (a frob started
 * after another kind of JVM starts slower here: the host takes back freed memory, and the next
 * process faults it in again). Needs tcpserver (Debian ucspi-tcp).
 *
 * <pre>java -cp bench/target/benchmarks.jar tillbridge.bench.harness.FrobTcpHarness [ROOT] [CONNECTIONS_EACH] [PAUSE_MS]</pre>
 */
public final class FrobTcpHarness {
    private record Series(String name, String aotCache, boolean deployed) {}

    private static final List<Series> SERIES = List.of(
            new Series("bare, with AOT cache       ", null, false),
            new Series("bare, without AOT cache    ", "off", false),
            new Series("deployed, with AOT cache   ", null, true),
            new Series("deployed, without AOT cache", "off", true));

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long pauseMs = args.length > 2 ? Long.parseLong(args[2]) : 500;
        Path cache = root.resolve("frob/target/frob.aot");
        Path jar = root.resolve("frob/target/frob.jar");
        if (!Files.isRegularFile(cache)) System.err.println("warning: no " + cache + " (run ./tb build): every series runs without a cache");
        else if (Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) < 0)
            System.err.println("warning: " + cache + " is older than frob.jar: the JVM will not use it (run ./tb build)");

        Path tmp = Files.createTempDirectory("frob-tcp");
        Path sock = tmp.resolve("payment.sock");
        List<Process> servers = new ArrayList<>();
        try (ServerSocketChannel payment = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            payment.bind(UnixDomainSocketAddress.of(sock));
            Thread.ofPlatform().daemon().name("payment-app").start(() -> drain(payment));
            int[] ports = new int[SERIES.size()];
            for (int i = 0; i < ports.length; i++) {
                ports[i] = freePort(20_000 + 100 * i);
                List<String> frobArgs = SERIES.get(i).deployed()
                        ? List.of("--payment", "unix:" + sock, "--storage", "path:" + tmp.resolve("storage.jsonl"), "-q")
                        : List.of("-q");
                servers.add(tcpserver(root, ports[i], SERIES.get(i).aotCache(), frobArgs));
            }
            for (int port : ports) awaitListening(port);
            for (int port : ports) firstT1(port); // warm the page cache for every series
            // Each series runs its connections back to back, as a venue's tcpserver does; in two
            // passes, so that a slow spell of the host does not fall on one series only.
            long[][] ms = new long[ports.length][n];
            for (int[] pass : new int[][] {{0, n / 2}, {n / 2, n}}) { // connections [from, to) of every series
                for (int i = 0; i < ports.length; i++) {
                    for (int c = pass[0]; c < pass[1]; c++) {
                        ms[i][c] = firstT1(ports[i]);
                        Thread.sleep(pauseMs);
                    }
                }
            }
            System.out.printf("connect to first answered T1 through tcpserver, %d connections each (%d cores, load %s):%n",
                    n, Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
            for (int i = 0; i < ports.length; i++) report(SERIES.get(i).name(), ms[i]);
        } finally {
            for (Process p : servers) stop(p);
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(tmp);
        }
    }

    /** The terminal software's end of the payment channel: accepts every frob and reads what it says. */
    private static void drain(ServerSocketChannel server) {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (c; InputStream in = Channels.newInputStream(c)) {
                        in.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException gone) {
                        // frob exited
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Milliseconds from connect() to the T2 answering our first T1. */
    private static long firstT1(int port) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            EcrEnd ecr = new EcrEnd(s.getInputStream(), s.getOutputStream(), Duration.ofSeconds(30));
            ecr.send(Tokens.forEcr().next(), new CommTest.Query());
            ecr.await("T2");
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        }
    }

    private static void report(String what, long[] ms) {
        long[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("  %s min %4d ms  median %4d ms  p90 %4d ms  max %4d ms%n", what, s[0], s[s.length / 2], s[(int) Math.ceil(s.length * 0.9) - 1], s[s.length - 1]);
    }

    private static Process tcpserver(Path root, int port, String aotCache, List<String> frobArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of("tcpserver", "-R", "-H", "-l", "localhost", "127.0.0.1", Integer.toString(port),
                root.resolve("bin/frob").toString()));
        command.addAll(frobArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (aotCache != null) pb.environment().put("FROB_AOT_CACHE", aotCache);
        return pb.start();
    }

    private static void awaitListening(int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("tcpserver is not listening on " + port);
    }

    /** Below the ephemeral range, so no client socket takes it meanwhile. */
    private static int freePort(int from) throws IOException {
        for (int port = from + (int) (ProcessHandle.current().pid() % 50); port < 32_000; port += 7) {
            try (ServerSocket s = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port in " + from + "-32000");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
    }

    private FrobTcpHarness() {}
}
