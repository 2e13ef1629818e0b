package tillbridge.bench.latency;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Print jobs on the cloud path: box-office {@code POST /api/v1/sites/{site}/jobs} of a 2 KB text
 * receipt → hub → agent → a raw ESC/POS printer on TCP ({@link Sink}, in this process, so the
 * POST time and the first document byte at the printer come from one clock).
 *
 * <ul>
 *   <li>latency: jobs one at a time (each waits for the job to be {@code done}), POST → first
 *       byte of the document at the printer, p50/p90/p99 after {@code --warmup} jobs;
 *   <li>throughput: {@code --burst} jobs POSTed back to back, then the time until the printer
 *       received the last of them: jobs per second through the hub and the agent's printer lane.
 * </ul>
 *
 * <p>With {@code --printer-uri} (an IPP printer such as ippeveprinter) the jobs go there instead:
 * the first byte is not seen, so latency is POST → the job {@code done} at the hub (the printer
 * reported it completed) and the burst ends when every job is done.
 *
 * <pre>
 * ./mvnw -B -pl hub,agent,bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar tillbridge.bench.latency.PostToPrinterLatency --jobs 500 --warmup 100 --burst 500
 * </pre>
 */
public final class PostToPrinterLatency {
    /** The receipt: 2 KB of 40-character lines, as a box office would send a plain-text receipt. */
    static final String RECEIPT = receipt();

    record Options(Path hubJar, Path agentJar, int jobs, int warmup, int burst, int hubPort, int printerPort, String printerUri, Path work) {
        static Options parse(String[] args) throws IOException {
            Path hub = Path.of("hub/target/hub.jar");
            Path agent = Path.of("agent/target/agent.jar");
            int n = 500, warm = 100, burst = 500, hubPort = 18_660, printerPort = 18_661;
            Path work = null;
            String printerUri = null;
            for (int i = 0; i < args.length; i += 2) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--hub-jar" -> hub = Path.of(v);
                    case "--agent-jar" -> agent = Path.of(v);
                    case "--jobs" -> n = Integer.parseInt(v);
                    case "--warmup" -> warm = Integer.parseInt(v);
                    case "--burst" -> burst = Integer.parseInt(v);
                    case "--hub-port" -> hubPort = Integer.parseInt(v);
                    case "--printer-port" -> printerPort = Integer.parseInt(v);
                    case "--work" -> work = Path.of(v);
                    case "--printer-uri" -> printerUri = v;
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --hub-jar PATH --agent-jar PATH "
                            + "--jobs N --warmup N --burst N --hub-port P --printer-port P --printer-uri URI --work DIR");
                }
            }
            if (n < 1 || n > 1_000_000 || burst < 1 || burst > 100_000) throw new IllegalArgumentException("--jobs must be 1..1000000, --burst 1..100000");
            if (warm < 0) throw new IllegalArgumentException("--warmup must be >= 0");
            if (work == null) work = Files.createTempDirectory("tb-print-latency");
            return new Options(hub, agent, n, warm, burst, hubPort, printerPort, printerUri, work);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        String uri = o.printerUri() == null ? "socket://127.0.0.1:" + o.printerPort() : o.printerUri();
        try (Sink printer = o.printerUri() == null ? new Sink(o.printerPort()) : null;
             LocalCloud cloud = new LocalCloud(o.hubJar(), o.agentJar(), o.hubPort(), o.work(), "{\"terminals\": [], \"printers\": "
                     + "[{\"name\": \"receipts\", \"uri\": \"" + uri + "\"}]}")) {
            String jobs = cloud.base + "/api/v1/sites/" + cloud.site + "/jobs";
            String body = PostToS1Latency.JSON.createObjectNode().put("type", "print").put("content_type", "text/plain")
                    .put("content", RECEIPT).put("printer", "receipts").toString();
            long[] toFirstByte = new long[o.jobs()];
            for (int i = 0; i < o.warmup() + o.jobs(); i++) {
                long t0 = System.nanoTime();
                String id = PostToS1Latency.post(cloud.http, jobs, cloud.key, body, "lat-" + i).get("id").asText();
                Long first = printer == null ? null : printer.firstBytes.poll(30, TimeUnit.SECONDS);
                if (printer != null && first == null) {
                    throw new IllegalStateException("job " + i + " (" + id + "): nothing at the printer within 30 s; see " + o.work());
                }
                waitForDone(cloud, id);
                if (i >= o.warmup()) toFirstByte[i - o.warmup()] = (first == null ? System.nanoTime() : first) - t0;
            }
            System.out.println("print jobs " + o.jobs() + " (after " + o.warmup() + " warm-up), one at a time, " + RECEIPT.length()
                    + "-byte text receipt, loopback, to " + uri);
            System.out.println((printer == null ? "POST -> job done at the hub: " : "POST -> first document byte at the printer: ")
                    + PostToS1Latency.summary(toFirstByte));

            long t0 = System.nanoTime();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < o.burst(); i++) ids.add(PostToS1Latency.post(cloud.http, jobs, cloud.key, body, "burst-" + i).get("id").asText());
            for (int i = 0; i < o.burst(); i++) {
                if (printer == null) waitForDone(cloud, ids.get(i));
                else if (printer.firstBytes.poll(60, TimeUnit.SECONDS) == null) throw new IllegalStateException("burst: job " + i + " not printed within 60 s");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("burst of %d jobs POSTed back to back: all %s in %.2f s = %.1f jobs/s%n", o.burst(),
                    printer == null ? "done" : "at the printer", seconds, o.burst() / seconds);
        }
    }

    private static void waitForDone(LocalCloud cloud, String id) throws Exception {
        PostToS1Latency.waitFor(Duration.ofSeconds(60), () -> {
            String s = PostToS1Latency.get(cloud.http, cloud.base + "/api/v1/jobs/" + id, cloud.key).path("state").asText();
            if (s.equals("failed") || s.equals("unknown")) throw new IllegalStateException("job " + id + " ended " + s);
            return s.equals("done");
        }, "job " + id + " to be done");
    }

    private static String receipt() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; b.length() < 2000; i++) b.append(String.format("%-28s%11s%n", "ITEM " + i + " ŁÓDŹ GĘŚ", (i * 137 % 10_000) / 100.0 + " PLN"));
        return b.toString();
    }

    /**
     * A raw receipt printer on loopback: answers the paper status query (DLE EOT 4) "paper present",
     * notes {@code System.nanoTime()} at the first document byte of each connection, drains the rest.
     */
    static final class Sink implements AutoCloseable {
        final BlockingQueue<Long> firstBytes = new LinkedBlockingQueue<>();
        private final ServerSocket server;

        Sink(int port) throws IOException {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("printer-sink").start(this::accept);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;   // closed
                }
            }
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                s.setSoTimeout(30_000);
                if (in.readNBytes(3).length < 3) return;   // DLE EOT 4
                out.write(0x12);                           // 0xx1xx10 with no paper bits: paper present
                out.flush();
                if (in.read() < 0) return;
                firstBytes.add(System.nanoTime());
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the agent went away; the harness notices the missing job
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
