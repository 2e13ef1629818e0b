package tillbridge.bench.harness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import tillbridge.common.channel.ChannelJson;
import tillbridge.common.channel.ChannelMessage;
import tillbridge.protocol.ProtocolException;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.message.CommTest;
import tillbridge.protocol.message.DeviceParams;
import tillbridge.protocol.message.Sale;
import tillbridge.protocol.message.Versions;

/**
 * The training run for frob's JDK 25 AOT cache (JEP 514/515), run by {@code ./tb build}: starts
 * {@code FROB_AOT_CACHE_OUTPUT=CACHE bin/frob --payment unix:SOCK --storage path:FILE},
 * plays the ECR on its stdin/stdout (T1/T2, T3/T4, D4/D5 and a sale S1, I1, S2, several rounds)
 * and the payment application on the UNIX socket (I1 statuses, an approving S2), then closes
 * stdin; frob exits and the JVM writes the cache. Exit 0 when the cache was written.
 *
 * <pre>java -cp bench/target/benchmarks.jar tillbridge.bench.harness.FrobAotTraining [ROOT] [CACHE] [ROUNDS]</pre>
 */
public final class FrobAotTraining {
    private static final Duration WAIT = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path cache = (args.length > 1 ? Path.of(args[1]) : root.resolve("frob/target/frob.aot")).toAbsolutePath();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path tmp = Files.createTempDirectory("frob-aot");
        Path sock = tmp.resolve("payment.sock");
        Path log = tmp.resolve("frob.log");
        Files.deleteIfExists(cache);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread.ofPlatform().daemon().name("payment-app").start(() -> servePayments(server));
            // Through bin/frob, so that the cache is trained with the JVM options it will run with
            // (a cache made for another GC cannot map its archived heap)
            ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/frob").toString(),
                    "--payment", "unix:" + sock, "--storage", "path:" + tmp.resolve("storage.jsonl")).redirectError(log.toFile());
            pb.environment().put("FROB_AOT_CACHE_OUTPUT", cache.toString());
            Process frob = pb.start();
            try {
                train(new EcrEnd(frob.getInputStream(), frob.getOutputStream(), WAIT), rounds);
            } catch (IOException e) {
                frob.destroyForcibly();
                System.err.println("frob AOT training failed: " + e.getMessage() + "\n" + Files.readString(log));
                System.exit(1);
            }
            // frob exits at end of input; then the JVM assembles the cache in a child JVM
            if (!frob.waitFor(120, TimeUnit.SECONDS)) {
                frob.destroyForcibly();
                System.err.println("frob AOT training: frob did not exit within 120 s");
                System.exit(1);
            }
            if (frob.exitValue() != 0 || !Files.isRegularFile(cache)) {
                System.err.println("frob AOT training: exit " + frob.exitValue() + ", no cache " + cache + "\n" + Files.readString(log));
                System.exit(1);
            }
            System.err.printf("frob AOT cache %s: %d KiB (%d training rounds)%n", cache, Files.size(cache) / 1024, rounds);
        } finally {
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(tmp);
        }
    }

    private static void train(EcrEnd ecr, int rounds) throws IOException, InterruptedException {
        Tokens tokens = Tokens.forEcr();
        for (int i = 0; i < rounds; i++) {
            ecr.send(tokens.next(), new CommTest.Query());
            ecr.await("T2");
            ecr.send(tokens.next(), new Versions.Inquiry());
            ecr.await("T4");
            ecr.send(tokens.next(), new DeviceParams.Request());
            ecr.await("D5");
            ecr.send(tokens.next(), new Sale.Start(Sale.SALE, "TRAINING", "AOT-" + i, 1250, 1017, 233, "PLN", 0, OptionalLong.empty()));
            ecr.await("S2");
        }
        ecr.close();
    }

    /** The payment application: each S1 gets two I1 statuses and an approving S2. */
    private static void servePayments(ServerSocketChannel server) {
        for (;;) {
            try (SocketChannel c = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), UTF_8));
                OutputStream out = Channels.newOutputStream(c);
                for (String line; (line = in.readLine()) != null; ) {
                    if (!(ChannelJson.V2.read(line) instanceof ChannelMessage.Packet m) || !m.type().equals("S1")) continue;
                    write(out, new ChannelMessage.Packet("payment", m.session(), "I1", "", Map.of("status", "20", "message", "WLOZ KARTE")));
                    write(out, new ChannelMessage.Packet("payment", m.session(), "I1", "", Map.of("status", "50", "message", "AUTORYZACJA")));
                    write(out, new ChannelMessage.Packet("payment", m.session(), "S2", m.token(), Map.of(
                            "result", "0", "mid", "M00012345", "tid", "T0001234", "transaction_id", "AOT-TRAINING",
                            "amount", m.fields().get("gross"), "cashback", "0", "method", "VISA", "message", "approved",
                            "masked_pan", "411111******1111", "auth_code", "A1B2C3")));
                }
            } catch (IOException | ProtocolException e) {
                if (!server.isOpen()) return;
            }
        }
    }

    private static void write(OutputStream out, ChannelMessage m) throws IOException {
        out.write((ChannelJson.V2.write(m) + "\n").getBytes(UTF_8));
        out.flush();
    }

    private FrobAotTraining() {}
}
