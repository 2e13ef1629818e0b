package tillbridge.bench.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * T2 received). Two tcpservers run side by side, one whose frob uses the AOT cache
 * ({@code frob/target/frob.aot}, built by ./tb build) and one with {@code FROB_AOT_CACHE=off};
 * connections alternate between them, one at a time, with a pause so each frob has exited before
 * the next starts. Needs tcpserver (Debian ucspi-tcp).
 *
 * <pre>java -cp bench/target/benchmarks.jar tillbridge.bench.harness.FrobTcpHarness [ROOT] [CONNECTIONS_EACH] [PAUSE_MS]</pre>
 */
public final class FrobTcpHarness {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long pauseMs = args.length > 2 ? Long.parseLong(args[2]) : 500;
        Path cache = root.resolve("frob/target/frob.aot");
        Path jar = root.resolve("frob/target/frob.jar");
        if (!Files.isRegularFile(cache)) System.err.println("warning: no " + cache + " (run ./tb build): both series run without a cache");
        else if (Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) < 0)
            System.err.println("warning: " + cache + " is older than frob.jar: the JVM will not use it (run ./tb build)");

        int aotPort = freePort(), plainPort = freePort();
        Process aot = tcpserver(root, aotPort, null);
        Process plain = tcpserver(root, plainPort, "off");
        try {
            awaitListening(aotPort);
            awaitListening(plainPort);
            firstT1(aotPort); // warm the page cache for both
            firstT1(plainPort);
            long[] withCache = new long[n], without = new long[n];
            for (int i = 0; i < n; i++) {
                withCache[i] = firstT1(aotPort);
                Thread.sleep(pauseMs);
                without[i] = firstT1(plainPort);
                Thread.sleep(pauseMs);
            }
            System.out.printf("connect to first answered T1 through tcpserver, %d connections each (%d cores, load %s):%n",
                    n, Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
            report("with AOT cache   ", withCache);
            report("without AOT cache", without);
        } finally {
            stop(aot);
            stop(plain);
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

    private static Process tcpserver(Path root, int port, String aotCache) throws IOException {
        List<String> command = new ArrayList<>(List.of("tcpserver", "-R", "-H", "-l", "localhost", "127.0.0.1", Integer.toString(port),
                root.resolve("bin/frob").toString(), "-q"));
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
    private static int freePort() throws IOException {
        for (int port = 20_000 + (int) (ProcessHandle.current().pid() % 5_000); port < 32_000; port += 7) {
            try (ServerSocket s = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port in 20000-32000");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
    }

    private FrobTcpHarness() {}
}
