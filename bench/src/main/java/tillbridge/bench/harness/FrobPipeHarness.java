package tillbridge.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.FrameEvent;
import tillbridge.protocol.Packet;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.Wire;

/**
 * Pushes T1 pings through a real {@code bin/frob} process over its stdin/stdout pipes and counts
 * the T2 answers: JVM start to first answer, then sequential round trips per second. Each round
 * trip is the whole exchange: our T1, frob's ACK and T2, our ACK.
 *
 * <pre>java -cp bench/target/benchmarks.jar tillbridge.bench.harness.FrobPipeHarness [ROOT] [ROUND_TRIPS] [STARTS]</pre>
 */
public final class FrobPipeHarness {
    private static final byte[] ACK = {Wire.ACK};

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int roundTrips = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int starts = args.length > 2 ? Integer.parseInt(args[2]) : 10;

        long[] startMillis = new long[starts];
        for (int i = 0; i < starts; i++) {
            Process p = start(root);
            long t0 = System.nanoTime();
            try (var s = new Session(p)) {
                s.ping();
                startMillis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
        }
        Arrays.sort(startMillis);
        System.out.printf("start to first T2 over %d starts: min %d ms, median %d ms, max %d ms%n",
                starts, startMillis[0], startMillis[starts / 2], startMillis[starts - 1]);

        try (var s = new Session(start(root))) {
            for (int i = 0; i < 2_000; i++) s.ping(); // warm-up
            long t0 = System.nanoTime();
            for (int i = 0; i < roundTrips; i++) s.ping();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d sequential T1/T2 round trips in %.2f s: %.0f round trips/s (%.1f us each)%n",
                    roundTrips, secs, roundTrips / secs, secs * 1e6 / roundTrips);
        }
    }

    private static Process start(Path root) throws IOException {
        return new ProcessBuilder(root.resolve("bin/frob").toString(), "-q")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** One ECR talking to one frob: blocking ping, reading until the T2 arrives. */
    private static final class Session implements AutoCloseable {
        private final Process process;
        private final OutputStream out;
        private final InputStream in;
        private final FrameDecoder decoder = new FrameDecoder();
        private final Tokens tokens = Tokens.forEcr();
        private final byte[] buf = new byte[4096];

        Session(Process process) {
            this.process = process;
            this.out = process.getOutputStream();
            this.in = process.getInputStream();
        }

        void ping() throws IOException {
            String token = tokens.next();
            out.write(Packet.of(token, "T1").frame().toArray());
            out.flush();
            List<FrameEvent> events = new ArrayList<>();
            while (true) {
                int n = in.read(buf);
                if (n < 0) throw new IOException("frob closed its output before answering T1 " + token);
                decoder.feed(buf, 0, n, events::add);
                for (FrameEvent e : events) {
                    if (e instanceof FrameEvent.Frame f && isT2(f)) {
                        out.write(ACK);
                        out.flush();
                        return;
                    }
                }
                events.clear();
            }
        }

        private static boolean isT2(FrameEvent.Frame f) {
            try {
                return Packet.parse(f.body()).type().equals("T2");
            } catch (ProtocolException e) {
                return false;
            }
        }

        @Override
        public void close() throws Exception {
            out.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    private FrobPipeHarness() {}
}
