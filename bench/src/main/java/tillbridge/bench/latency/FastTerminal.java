package tillbridge.bench.latency;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import tillbridge.protocol.FrameDecoder;
import tillbridge.protocol.Tokens;
import tillbridge.protocol.link.Link;
import tillbridge.protocol.link.LinkOutput;
import tillbridge.protocol.link.LinkPolicy;
import tillbridge.protocol.message.Messages;
import tillbridge.protocol.message.Sale;

/**
 * A terminal that does nothing but pay: ECR-EFT over TCP on loopback, the real link layer
 * (ACKs, tokens), every S1 noted with {@link System#nanoTime()} the moment its frame is decoded
 * and answered at once with an approving S2 (no I1 statuses, no delays).
 */
final class FastTerminal implements AutoCloseable {
    /** One S1 as it arrived: when, and its payment reference. */
    record Arrival(long nanos, String kind, String reference) {}

    private final ServerSocket server;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();

    FastTerminal(int port) throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("fast-terminal").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    BlockingQueue<Arrival> arrivals() {
        return arrivals;
    }

    private void accept() {
        try {
            while (true) {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().name("fast-terminal-conn").start(() -> serve(s));
            }
        } catch (IOException closed) {
            // done
        }
    }

    private void serve(Socket s) {
        Link link = new Link(LinkPolicy.DEFAULT.withKeepAlive(Duration.ZERO), Tokens.forEft(), System.nanoTime());
        FrameDecoder decoder = new FrameDecoder();
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) >= 0; ) {
                List<LinkOutput> outs = new ArrayList<>();
                decoder.feed(buf, 0, n, e -> outs.addAll(link.received(e, System.nanoTime())));
                for (LinkOutput o : outs) {
                    if (o instanceof LinkOutput.Write w) out.write(w.wire().toArray());
                    if (o instanceof LinkOutput.Deliver d && d.packet().type().equals("S1")) {
                        long now = System.nanoTime();
                        List<String> f = d.packet().fields();
                        arrivals.add(new Arrival(now, f.get(0), f.get(2)));
                        // the S2 reports the amount asked for: the ECR takes no other as the answer to its S1
                        long gross = Messages.decode(d.packet()) instanceof Sale.Start st ? st.gross() : 0;
                        Sale.End end = new Sale.End(OptionalInt.of(Sale.End.APPROVED), "", "M00012345", "T0001234", "BENCH",
                                OptionalLong.of(gross), OptionalLong.of(0), "VISA", "approved", "411111******1111", "BENCH1");
                        for (LinkOutput w : link.send(Messages.encode(d.packet().token(), end), System.nanoTime())) {
                            if (w instanceof LinkOutput.Write ww) out.write(ww.wire().toArray());
                        }
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            // the agent went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
